"""Page boilerplate that a reader review found inside posts: stamps, bare dates, teaser links,
partner datelines, support pitches and reference-list entries; and the article sentences like
them that must stay."""

from __future__ import annotations

import pytest

from socialpub.compose.checks import ArticleFacts, check, post_facts
from socialpub.compose.extract import clean_lines
from socialpub.compose.limits import PlatformLimits
from socialpub.compose.post import clean_article, draft_post
from socialpub.compose.standalone import strip_lead_prefix

BODY = "The body of the story."


def _kept(*lines: str) -> tuple[str, ...]:
    return clean_lines(["A headline", *lines, BODY]).lines


@pytest.mark.parametrize(
    "stamp",
    [
        "Article mis à jour le 12 mars 2022 à 10h30",
        "Mis à jour le 12/03/2022",
        "Publié le 3 mars 2022 à 08h00, mis à jour le 4 mars 2022 à 10h30",
        "Posted on March 3, 2021",
        "Updated on Monday, March 3, 2021 at 10:45 a.m. EST",
        "Last updated 3 June 2024.",
        "Aktualisiert am 12. März 2022, 10:30 Uhr",
        "Veröffentlicht am 17. Dezember 2019 von Simon Dückert",
        "Actualizado el 3 de marzo de 2022 a las 10:30",
        "Publicado el 3 de marzo de 2022",
        "Aggiornato il 3 marzo 2022 alle ore 10:30",
        "Pubblicato il 03/03/2022",
        "Atualizado em 03/03/2022 às 10h30",
        "Publicado em 3 de março de 2022",
        "Bijgewerkt op 3 maart 2022 om 10:30",
        "Gepubliceerd op 3 maart 2022",
        "Stand: 28.04.2020 18:00 Uhr",
        "Posted: Thursday, April 21, 2022. 10:11 pm CST.",
        "Published 3 hours ago, 12 May 2023",
        "Publicado por Alberto González",
    ],
)
def test_an_update_or_publication_stamp_goes(stamp: str) -> None:
    assert _kept(stamp) == (BODY,)


def test_a_stamp_sentence_at_the_end_of_a_paragraph_takes_only_itself() -> None:
    line = "Le pont a rouvert lundi matin. Article mis à jour le 7 janvier 2020."
    assert _kept(line) == ("Le pont a rouvert lundi matin.", BODY)


def test_a_stamp_whose_date_sits_in_a_block_of_its_own_goes_whole() -> None:
    assert _kept("Published on", "April 21, 2022") == (BODY,)


@pytest.mark.parametrize(
    "line",
    [
        "The app was updated on Monday to fix a bug in the login screen.",
        "Updated on Monday, the app now crashes less often.",
        "Published in 2019, the study found three effects.",
        "Publié le 3 mars, le rapport a fait grand bruit.",
        "Aktualisiert am Montag wurde nur die Fahrplan-App, nicht die Anzeigen.",
        "Actualizado el 3 de marzo, el censo cuenta 200 vecinos más.",
        "Posted on Schools ‘safe’ amidst surge",
        "Stand der Dinge am 3. März 2022: Die Brücke bleibt zu.",
    ],
)
def test_a_sentence_that_opens_with_stamp_words_and_goes_on_is_kept(line: str) -> None:
    assert _kept(line) == (line, BODY)


@pytest.mark.parametrize(
    "line",
    [
        "01.02.2022",
        "01.02.2022, 14:35 Uhr",
        "2022-02-01",
        "2022-02-01T14:35:00Z",
        "12/03/2021 10:45",
        "April 21, 2022",
        "26. Januar 2022",
        "12 mars 2022 à 10h30",
        "Jueves 21 abril, 2022, 10:00",
        "02.12.2022 |",
    ],
)
def test_a_line_that_is_only_a_date_goes(line: str) -> None:
    assert _kept(line) == (BODY,)


@pytest.mark.parametrize(
    "line",
    [
        "23.10.2015 - 25.10.2015",  # an event's days
        "Oktober 2015",  # an archive's month
        "24. April 2020 | Pressemitteilungen",
        "02.11.2022 - Placebo - Stadthalle",
        "Donnerstag, 03. Februar 2022",  # heads a day of a programme as often as it stamps
        "THURSDAY APRIL 2",
        "14:35",
        "2019",
        "Am 3. März 2022 eröffnet die Klinik.",
    ],
)
def test_a_line_with_more_than_one_moment_in_it_is_kept(line: str) -> None:
    assert _kept(line) == (line, BODY)


def test_a_date_a_page_set_in_a_block_of_its_own_inside_a_sentence_stays_in_it() -> None:
    lines = ["A headline", "The council met on", "12.03.2022", "and approved the budget."]
    assert clean_lines(lines).lines == ("The council met on 12.03.2022 and approved the budget.",)


@pytest.mark.parametrize(
    "entry",
    [
        "Bocquet H, Bagot M, Guillet G (2005) Drug-induced pseudolymphoma. J Invest Dermatol "
        "124:1234–1240",
        "2. Bocquet H, Bagot M, Roujeau J. Drug-induced pseudolymphoma and drug hypersensitivity "
        "syndrome. In Seminars in cutaneous medicine and surgery. 1996.",
        "43. Zhu YI, Stiller MJ. Dapsone and sulfones in dermatology. J Am Acad Dermatol. "
        "2001;45(3):420–34.",
        "63. Vahid B. What caused diffuse alveolar hemorrhage? J Respir Dis. 2006;27(10):441.",
        "4. Cacoub P, et al. The DRESS syndrome: a literature review. 2011.",
        "Koch H, Stevenson PC, 2017. Do linden trees kill bees? Biol. Lett. 13: 20170484.",
        "van Bebber C, 2005. Hummelforum – Hilfe bei Forschung.",
        "Key, B. (2016): Why fish do not feel pain. Animal Sentience, 3(1), S. 1-33",
        "Alexander, I. & Lück, S. (2020). Ahnen auf die Couch. München: Scorpio.",
        "Adwan, M.H. Drug Reaction with Eosinophilia. Curr Rheumatol Rep 19, 3 (2017).",
        "https://doi.org/10.1002/ange.202312147",
    ],
)
def test_a_reference_list_entry_goes_by_its_form(entry: str) -> None:
    assert _kept(entry) == (BODY,)


@pytest.mark.parametrize(
    "line",
    [
        "Clayton M. Christensen (Ökonom; Werk: The Innovator’s Dilemma (1997)) zeigt, warum "
        "Firmen scheitern.",
        "Boris Johnson MP said the manifesto (2019) promised more nurses.",
        "Bayer AG. Der Konzern (2019) wuchs um drei Prozent.",
        "Merkel, Macron and Sánchez met in Brussels in 2019; 27 leaders signed.",
        "Smith J arrived at 10:30 and left in 2019.",
        "The study (https://doi.org/10.1002/ange.202312147) was published in May.",
    ],
)
def test_a_sentence_with_names_and_years_is_no_reference_entry(line: str) -> None:
    assert _kept(line) == (line, BODY)


@pytest.mark.parametrize(
    "teaser",
    [
        "Das Programm der Skispringer bei den Olympischen Spielen in Peking >>",
        "Mehr dazu >>",
        "Jetzt 1000 Euro Kredit sichern »",
        "weiterlesen →",
        "Le puede interesar: JEP abrirá tres nuevos macrocasos: Farc y fuerza pública",
        "(También puede leer: Quintero dijo que en Antioquia también planearían asesinar a Petro)",
        "Lesen Sie auch: Die Stadt plant einen neuen Radweg am Fluss entlang bis zum Hafen.",
        "Related: What Is The Best Soil For Bougainvillea?",
        "À lire aussi » Ballonnements, lourdeurs...Quel est votre profil digestif ?",
        ">> Mehr lesen: Erfahrt mehr über die Parktherme Bad Radkersburg!",
        "Leggi anche: il sindaco ha firmato l'ordinanza",
        "Leia também: Prefeitura anuncia novo parque",
        "Lees ook: Gemeente opent nieuwe brug",
        "Auch interessant",
    ],
)
def test_a_teaser_of_another_article_goes(teaser: str) -> None:
    assert _kept(teaser) == (BODY,)


def test_a_teaser_in_brackets_or_at_the_end_takes_only_itself() -> None:
    assert _kept(
        "Ein Blick auf den Status quo genügt (Das passiert noch beim SK Rapid >>>).",
        "Install Ubuntu or Fedora on Parallels Desktop. See all Guest Operating Systems »",
    ) == (
        "Ein Blick auf den Status quo genügt.",
        "Install Ubuntu or Fedora on Parallels Desktop.",
        BODY,
    )


@pytest.mark.parametrize(
    "line",
    [
        "« Les agences ont un avis unanime : il ne présente pas de risque »",
        "Il a dit : « nous resterons ici »",
        "Le ministre (« nous verrons ») n'a rien promis.",
        ">>>",
        "Related research shows that walking helps: the trial ran for 12 weeks.",
        "Weiterlesen wollte er nicht, sagte der Schüler.",
        "Der Kurs stieg (von 3 auf 5 Euro) am Montag.",
        "Lesen Sie auch die Hinweise der Stadtwerke, bevor Sie den Zähler tauschen.",
    ],
)
def test_quotations_prompts_and_prose_with_teaser_words_are_kept(line: str) -> None:
    assert _kept(line) == (line, BODY)


def test_a_teaser_line_with_its_title_takes_only_itself_but_a_heading_takes_its_list() -> None:
    # "See also: List of All Gifts" took a wiki's whole section of short lines with it
    story = ["Leggi anche: il sindaco firma", "Il ponte riapre lunedì.", "Lavori finiti."]
    assert clean_lines(["Titolo", *story]).lines == tuple(story[1:])
    assert clean_lines(["See also", "Other story one", "Other story two"], "Title").lines == ()


@pytest.mark.parametrize(
    "pitch",
    [
        "Become a member of The Haitian Times and get unlimited access.",
        "Support our journalism.",
        "Donate today!",
        "Your support helps us keep our reporting free for everyone.",
        "If you value our reporting, please consider becoming a supporter.",
        "Werden Sie Mitglied bei uns und erhalten Sie exklusive Angebote!",
        "Unterstützen Sie unabhängigen Journalismus.",
        "Soutenez notre journalisme indépendant.",
        "Faites un don à la rédaction.",
        "Votre don nous permet de rester indépendants.",
        "Hazte socio y disfruta de beneficios exclusivos.",
        "Sostieni il giornalismo indipendente.",
        "Apoie o 247",
        "Word lid van onze vereniging.",
    ],
)
def test_a_pitch_for_money_or_membership_goes(pitch: str) -> None:
    assert _kept(pitch) == (BODY,)


def test_a_pitch_sentence_in_a_paragraph_takes_only_itself() -> None:
    line = "Wir finanzieren uns durch Abos. Unterstütze unsere Arbeit und abonniere das Magazin!"
    assert _kept(line) == ("Wir finanzieren uns durch Abos.", BODY)


@pytest.mark.parametrize(
    "line",
    [
        "Turkey hopes to become a member of the European Union by 2030.",
        "Residents can donate today at the town hall, the mayor said.",
        "The fund will support independent journalism in ten countries.",
        "She became a member of the board in 2019.",
        "Viele Vereine suchen Menschen, die Mitglied werden wollen.",
        "Le ministre a promis de soutenir les journaux locaux.",
        "La fundación apoya a las familias afectadas por la riada.",
        "Zij werd lid van de gemeenteraad in 2018.",
    ],
)
def test_prose_about_members_and_donations_is_kept(line: str) -> None:
    assert _kept(line) == (line, BODY)


@pytest.mark.parametrize(
    ("lead", "rest"),
    [
        (
            "KVELLER via JTA — The state of Washington has sworn in its first Native American "
            "justice.",
            "The state of Washington has sworn in its first Native American justice.",
        ),
        (
            "WASHINGTON via Kaiser Health News — Hospitals cut prices for 40 procedures.",
            "Hospitals cut prices for 40 procedures.",
        ),
        # a sentence that goes on in lower case after the dash is no dateline
        (
            "The firm via Reuters — said nothing new today at all.",
            "The firm via Reuters — said nothing new today at all.",
        ),
        ("NASA via Getty — no comment", "NASA via Getty — no comment"),
    ],
)
def test_a_partner_credit_in_front_of_the_lead_is_a_dateline(lead: str, rest: str) -> None:
    assert strip_lead_prefix(lead) == rest


def test_a_post_opens_after_the_partner_credit_and_still_carries_the_lead() -> None:
    lead = (
        "KVELLER via JTA — The state of Washington has sworn in its first Native American "
        "Supreme Court justice, Raquel Montoya-Lewis."
    )
    article = clean_article(
        f"Washington swears in its first Native American justice\n{lead}\n"
        "Montoya-Lewis is only the second Native American to serve on a state supreme court.",
        "text",
    )
    summary = draft_post(article).summary
    assert summary.startswith("The state of Washington has sworn in")
    facts = ArticleFacts(text=article.text, title=article.title, lead=lead)
    warnings = check(facts, post_facts([summary], PlatformLimits("mastodon", 500)))
    assert "lead-missing" not in {w.code for w in warnings}  # the check knows the credit too


@pytest.mark.parametrize(
    "code",
    [
        "Warning: Use of undefined constant comments - assumed 'comments' (this will throw an "
        "Error in a future version of PHP) in /homepages/15/htdocs/wp-content/plugins/x.php on "
        "line 928",
        "Deprecated: Function create_function() is deprecated in /var/www/html/index.php on line 3",
        "var moduleName = 'ratingAndReviewCounts';",
        "(function() {",
        "document.addEventListener('DOMContentLoaded', function() {",
        "GeneralMills.PandoSites.RegisterControlInstance(moduleName, configuration, metadata)",
        "});",
        "array.map! { |x| x.downcase }",
    ],
)
def test_program_code_and_server_errors_are_not_the_article(code: str) -> None:
    assert _kept(code) == (BODY,)


@pytest.mark.parametrize(
    "sentence",
    [
        "Warning: the river Ouse is expected to flood in York tonight, the agency said.",
        "Let me explain why the council voted against the new bridge.",
        "Return tickets cost £12 (£8 for students) and go on sale on Monday.",
        "The formula E = mc² made Einstein famous; the equation is taught in every school.",
        "If (as expected) the vote passes, the campus opens in 2026.",
    ],
)
def test_sentences_with_symbols_stay(sentence: str) -> None:
    assert sentence in _kept(sentence)


def test_step_numbers_glued_to_their_steps_come_off() -> None:
    lines = clean_lines(
        [
            "Pineapple upside-down cake",
            "1Heat oven to 350°F and melt the butter in the pan.",
            "2Add water to the reserved pineapple juice to measure one cup.",
            "3Bake for 45 minutes, until a toothpick comes out clean.",
        ]
    ).lines
    assert [line.split()[0] for line in lines] == ["Heat", "Add", "Bake"]


def test_a_name_that_starts_with_a_digit_keeps_it() -> None:
    lines = clean_lines(["New app", "7Mind launches a meditation course for students.", BODY])
    assert "7Mind launches a meditation course for students." in lines.lines


@pytest.mark.parametrize(
    "notice",
    [
        "Terms apply to the offers listed on this page.",
        "We may earn a commission when you buy through links on our site.",
        "For the latest stories and breaking news updates download the Nationnews apps for iOS "
        "and Android.",
        'Der Artikel "Japanisches Mini-SUV auf dem Vormarsch" wurde am 05.11.2021 in der '
        "Kategorie Neuheiten von Solveig Grewe veröffentlicht.",
        "This entry was posted in News and tagged flooding, Leeds.",
        # the consent notice over an embedded video
        "Video überspringen Hinweis: Wenn Sie dieses Video hier abspielen, erfolgt eine "
        "Datenübertragung an YouTube bzw. Google.",
        "Auf Art und Umfang der von diesem Anbieter übertragenen bzw. gespeicherten Daten hat der "
        "Bundesrat keinen Einfluss.",
        "By playing this video you agree to YouTube's privacy policy.",
        "If you load this content, your data will be sent to Vimeo.",
    ],
)
def test_affiliate_app_filing_and_embed_consent_notices_are_not_the_article(notice: str) -> None:
    assert _kept(notice) == (BODY,)


@pytest.mark.parametrize(
    "sentence",
    [
        "The commission will publish its report on flooding in Leeds next month.",
        "Students can download the app from the university's website from Monday.",
        "Die Stadt ordnet die Schulen in drei Kategorien ein, sagte der Bürgermeister.",
        "Die App schickt nach Angaben der Forscher Standortdaten an Google.",
        "The university will play the video at the memorial service on Friday.",
        "Wenn Sie das Museum besuchen, zeigt ein Video die Geschichte des Hauses.",
    ],
)
def test_sentences_about_commissions_apps_and_videos_stay(sentence: str) -> None:
    assert sentence in _kept(sentence)


@pytest.mark.parametrize(
    "signature",
    [
        "Mit der kostenlosen PocketPC.ch App von meinem HD7 T9292 aus geschrieben.",
        "Sent from my iPhone",
        "Gesendet von meinem iPhone mit Tapatalk",
        "Sent using Tapatalk",
        "Enviado desde mi Samsung Galaxy",
    ],
)
def test_a_phones_signature_under_a_forum_post_is_not_the_article(signature: str) -> None:
    assert _kept(signature) == (BODY,)


@pytest.mark.parametrize(
    "sentence",
    [
        "The message was sent from my office in Leeds, the dean said.",
        "Mit der App wird das Rezept direkt an die Apotheke gesendet.",
    ],
)
def test_sentences_about_sending_and_apps_stay(sentence: str) -> None:
    assert sentence in _kept(sentence)
