from __future__ import annotations

import pytest

from socialpub.compose.extract import (
    clean,
    clean_lines,
    fragment_lines,
    markdown_parts,
    page_metadata,
)
from socialpub.compose.post import clean_article

from .pages import (
    HARBOUR_CONTENT,
    HARBOUR_HTML,
    MARKDOWN_POST,
    MYELOMA_CONTENT,
    MYELOMA_TEXT,
    MYELOMA_TITLE,
)


def test_scraped_text_keeps_every_content_line_and_nothing_else() -> None:
    cleaned = clean(MYELOMA_TEXT, "text")
    assert cleaned.title == MYELOMA_TITLE
    assert cleaned.lines == MYELOMA_CONTENT


def test_trailing_hashtag_line_becomes_the_articles_own_tags() -> None:
    article = clean_article(MYELOMA_TEXT, "text")
    assert article.own_hashtags == ("MultipleMyeloma", "CancerResearch", "Oslo")
    assert "#" not in article.text


def test_own_hashtags_keep_their_combining_marks() -> None:
    article = clean_article("Das Festival beginnt morgen in Berlin.\n#हिंदी #Kultur\n", "text")
    assert article.own_hashtags == ("हिंदी", "Kultur")  # not "ह", cut at the vowel sign


def test_html_page_is_reduced_to_the_article() -> None:
    cleaned = clean(HARBOUR_HTML, "html")
    assert cleaned.title == "Bergen closes old harbour to cruise ships"
    text = " ".join(cleaned.lines)
    for sentence in HARBOUR_CONTENT:
        assert sentence in text
    for clutter in ("cookies", "Copyright", "Terms of Service", "Share on", "Related stories"):
        assert clutter not in text
    assert cleaned.own_hashtags == ("Bergen", "CruiseShips", "ShorePower")


def test_a_drop_cap_set_before_its_paragraph_goes_back_into_its_word() -> None:
    first, rest = HARBOUR_CONTENT[0].split(" ", 1)
    html = HARBOUR_HTML.replace(
        f"<p>{HARBOUR_CONTENT[0]}</p>",
        f'<span class="cap">{first[0]}</span><p><a href="/topic">{first[1:]}</a> {rest}</p>',
    )
    cleaned = clean(html, "html")
    assert cleaned.lines[0] == HARBOUR_CONTENT[0]  # whole, not cut to its second letter


def test_footnote_marks_leave_their_words_but_powers_stay() -> None:
    first = HARBOUR_CONTENT[0]
    word = first.split()[2]
    marked = first.replace(word, f'{word}<a href="#fn1"><sup id="ref1">1</sup></a>', 1)
    second = HARBOUR_CONTENT[1]
    powered = second[:-1] + " over 3 km<sup>2</sup> and 10<sup>6</sup> people."
    html = HARBOUR_HTML.replace(f"<p>{first}</p>", f"<p>{marked}</p>").replace(
        f"<p>{second}</p>", f"<p>{powered}</p>"
    )
    lines = clean(html, "html").lines
    assert lines[0] == first  # "closes", not "closes1"
    assert "km2" in lines[1] and "106" in lines[1]


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        (
            "Le roman s'appelle Au soleil couchant (1). Il paraît.",
            "Le roman s'appelle Au soleil couchant. Il paraît.",
        ),
        ("It rose by 1.43°C (Copernicus Climate Change Service, 2023).", "It rose by 1.43°C."),
        ("As shown (Smith et al., 2020), the rate fell.", "As shown, the rate fell."),
        ("Artikel 5 (1) GG schützt die Meinungsfreiheit.", None),  # a clause of a law
        ("Lisa (12) und Tom (9) gewannen den Wettbewerb.", None),  # ages
        ("They met on (March 1, 2023) in Leeds.", None),  # a date, not a source
        ("Três foram presos nesta terça-feira (3) em Salvador.", None),  # the day of the month
        ("Fans are of two kinds: (1) old ones, and (2) new ones.", None),  # an enumeration
    ],
)
def test_note_numbers_and_cited_sources_leave_the_text(line: str, cleaned: str | None) -> None:
    assert clean_lines([line]).lines == (cleaned or line,)


RELEASE = [
    "The University of Northmoor has won a £2m grant to study coastal flooding.",
    "Researchers will model storm surges along the Yorkshire coast for five years.",
    "The project starts in January and will employ six postdoctoral researchers.",
    "Local councils will use the results to plan sea defences.",
]


@pytest.mark.parametrize(
    "tail",
    [
        [
            "Notes to editors",
            "The grant is funded by UKRI.",
            "Media contact: Jane Roe, 01234 567890",
        ],
        ["About the University of Northmoor", "Founded in 1904, it teaches 30,000 students."],
        ["Pressekontakt:", "Dr. Tim Loppe", "Tel.: 0211 77900 363"],
        ["-ENDS-", "Photo: the Yorkshire coast at Whitby."],
    ],
)
def test_a_press_releases_closing_sections_are_not_the_article(tail: list[str]) -> None:
    assert clean_lines([*RELEASE, *tail, "#CoastalFlooding"]).lines == tuple(RELEASE)
    assert clean_lines([*RELEASE, *tail, "#CoastalFlooding"]).own_hashtags == ("CoastalFlooding",)


def test_a_closing_heading_in_a_menu_or_the_first_half_cuts_nothing() -> None:
    menu = ["Presse", "Übersicht: Presse", "Pressekontakt", "Pressefotos", *RELEASE]
    assert clean_lines(menu).lines[-len(RELEASE) :] == tuple(RELEASE)
    early = [RELEASE[0], "About the University of Northmoor", *RELEASE[1:]]
    assert len(clean_lines(early).lines) >= len(RELEASE)


def test_markdown_loses_its_markup_but_not_its_words() -> None:
    article = clean_article(MARKDOWN_POST, "markdown")
    assert article.title == "Our lab joins the Open Genome project"
    assert "Nilsen Lab has joined the Open" in article.text
    assert '"Open data makes science faster," said Prof. Kari Nilsen.' in article.text
    assert "Data will be released every month." in article.text
    for markup in ("**", "](", "![", "> ", "- "):
        assert markup not in article.text
    assert article.own_hashtags == ("OpenScience", "Genomics")


@pytest.mark.parametrize(
    "line",
    [
        "Copyright law changed in 2019, the court said.",
        "Published in 2019, the study found three effects.",
        "Consult your doctor if the cough lasts, she said.",
        "Chrome uses cookies to follow users across sites, regulators said.",
        "Regulators say some browsers use cookies to follow readers from page to page.",
        "Die Bäckerei verkauft Cookies nach einem Rezept der Großmutter.",
        "Mit Benutzernamen und Passwort kann man sich dann in Chrome anmelden.",
        "Experts advise people to use a different password for every account.",
        "By the end of the match, the crowd had gone home.",
        "Share prices fell 4% after the announcement.",
        "Health officials in Leeds reported 12 new cases.",
        "The council will email every household a newsletter about the new bin rounds.",
        "Residents who signed up for the trial get a text before each collection.",
    ],
)
def test_prose_that_mentions_boilerplate_words_is_kept(line: str) -> None:
    assert clean_lines(["A headline", line]).lines == (line,)


@pytest.mark.parametrize(
    "line",
    [
        "By using this website, you agree to our use of cookies.",
        "© 2024 Example Media Group",
        "Copyright 2023 Example. All rights reserved.",
        "Disclaimer: the views expressed are the author's own.",
        "This content is not a substitute for professional legal advice.",
        "This article does not constitute medical advice. Always consult your doctor.",
        "For informational purposes only. Consult a financial adviser. See our Terms of Use.",
        "Sign up for our daily newsletter",
        "Players of the city's team at training before the derby. (FILE)",
        "Passwort vergessen?",
        "Du erhältst in Kürze eine E-Mail, mit der du dein Passwort zurücksetzen kannst.",
        "Forgot your password?",
        "Deine Registrierung war erfolgreich",
        "Ein Hund liegt vor einer Haustür. (Symbolbild)",
        "Wir verwenden Cookies, um unser Angebot zu verbessern. Weitere Informationen",
        "Nous utilisons des cookies pour améliorer votre expérience. Plus d'informations dans la "
        "déclaration sur la protection des données.",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
        "Utilizziamo i cookie per migliorare la tua esperienza.",
        "Wij gebruiken cookies om de site te verbeteren.",
        "Um zu verstehen, wie unsere Webseite genutzt wird, nutzen wir Cookies und andere "
        "Techniken.",
        "Please accept YouTube cookies to play this video. By accepting you agree to its terms.",
        "Follow us on Instagram",
        "Updated 10:42 GMT, 3 June 2024",
        "By Maria Garcia and Tom Lee",
        "World | Business | Tech",
        "Advertisement",
    ],
)
def test_page_clutter_is_dropped(line: str) -> None:
    assert clean_lines(["A headline", line, "The body of the story."]).lines == (
        "The body of the story.",
    )


def test_a_newsletter_pitch_between_paragraphs_goes_with_the_lines_that_explain_it() -> None:
    story = [
        "Harbour bridge closes for repairs",
        "The harbour bridge will close on Monday for three weeks of repairs.",
        "Buses will take a diversion through the old town.",
        "Get the morning's headlines by email.",
        "Stay informed by signing up to our free daily newsletter!",
        "Each morning we'll send you one short email with the city's news.",
        "You can unsubscribe at any time. Your details will not be shared with anyone else.",
        "Cyclists and walkers can still use the ferry, which runs every 20 minutes.",
    ]
    assert clean_lines(story).lines == (
        "The harbour bridge will close on Monday for three weeks of repairs.",
        "Buses will take a diversion through the old town.",
        "Cyclists and walkers can still use the ferry, which runs every 20 minutes.",
    )


@pytest.mark.parametrize(
    "line",
    [
        "Jetzt den Newsletter abonnieren und nichts mehr verpassen.",
        "Inscrivez-vous à notre newsletter pour recevoir nos articles.",
        "En remplissant ce formulaire, vous serez inscrit à notre liste de diffusion.",
        "Vous pourrez à tout moment vous désabonner.",
        "Suscríbete a nuestro boletín y recibe las noticias del día.",
        "Schrijf je in voor onze nieuwsbrief.",
        "Subscribe to our weekly email bulletin for more stories like this.",
    ],
)
def test_a_newsletter_pitch_sentence_goes_in_every_language(line: str) -> None:
    story = "Die Brücke wird am Montag geschlossen, teilte die Stadt mit."
    assert clean_lines(["A headline", f"{story} {line}"]).lines == (story,)


def test_repeated_title_is_removed_anywhere() -> None:
    cleaned = clean_lines(["Big win for Leeds", "Big win for Leeds!", "Leeds won 3-1."])
    assert cleaned.title == "Big win for Leeds"
    assert cleaned.lines == ("Leeds won 3-1.",)


def test_inline_hashtags_stay_in_the_text_and_become_candidates() -> None:
    article = clean_article("A title\nWe love #OpenScience and open data.\n#Data")
    assert article.text == "We love #OpenScience and open data."
    assert article.own_hashtags == ("Data", "OpenScience")


def test_an_article_of_pure_clutter_is_an_error() -> None:
    with pytest.raises(ValueError):
        clean_article("Advertisement\n© 2023 Example\n", "text")


def test_a_notice_at_the_end_of_a_one_line_article_takes_only_itself() -> None:
    body = (
        "Troubled retailer Acme Stores says it may file for bankruptcy protection. The company "
        "has 280 shops. Copyright 2011 The Example Press. All rights reserved."
    )
    cleaned = clean_lines(["Acme warns of bankruptcy", body])
    assert cleaned.lines == (
        "Troubled retailer Acme Stores says it may file for bankruptcy protection. "
        "The company has 280 shops.",
    )


def test_html_entities_in_scraped_text_are_decoded() -> None:
    article = clean_article("Gaga&rsquo;s week &#8230;\nH&amp;M sold out in an hour.")
    assert article.title == "Gaga’s week …"
    assert article.text == "H&M sold out in an hour."


def test_an_html_fragment_too_small_for_main_content_extraction_keeps_its_text() -> None:
    cleaned = clean(
        "<p>Ships will dock at <b>Dokken</b> &amp; pay less.</p><script>x()</script><p>Done.</p>",
        "html",
    )
    assert cleaned.lines == ("Ships will dock at Dokken & pay less.", "Done.")


def test_a_first_line_that_is_a_sentence_is_not_taken_for_a_title() -> None:
    text = '"We will appeal," the club said.\nThe ruling came on Friday.'
    article = clean_article(text)
    assert article.title == ""
    assert article.text == text
    assert clean_article("Is this the end?\nIt is not.").title == "Is this the end?"


def test_a_line_ending_on_an_article_goes_on_in_the_next_block() -> None:
    html = (
        "<article><div>Veteran actress Kate Henshaw, who in 2008 won the\n"
        "Africa Movie Academy Award, has shared new photos of herself online.</div>"
        "<h2>Hepatitis A</h2><p>Cases of the disease rose in the county this spring.</p>"
        "</article>"
    )
    lines = clean(html, "html").lines
    assert any("won the Africa Movie Academy Award, has shared" in line for line in lines)
    assert not any("Hepatitis A Cases" in line for line in lines)


def test_markdown_links_survive_defusing_and_unclosed_ones_are_text() -> None:
    links = "".join(f"See [item {i}](https://example.org/{i}). " for i in range(70))
    _title, lines = markdown_parts(f"# Links\n\n{links}\n\nAn [open](bracket and [a]( more")
    text = " ".join(lines)
    assert "item 69" in text and "https://example.org" not in text  # rendered as links
    assert "[open](bracket" in text and "[a]( more" in text  # no ")" on their line: plain text


def test_a_notice_sentence_inside_a_very_long_paragraph_still_goes() -> None:
    prose = "The ward opened on Monday and patients moved in. " * 40  # over 1,000 characters
    cleaned = clean(prose + "Copyright 2024 Example Trust. All rights reserved.", "text")
    text = " ".join(cleaned.lines)
    assert "The ward opened on Monday" in text
    assert "All rights reserved" not in text


def test_a_lone_html_tag_in_a_fragment_is_text_not_a_crash() -> None:
    # lxml asserts one <body> per fragment and finds none here (a real page's <html> line,
    # the rest of its markup hidden in conditional comments)
    lines = fragment_lines('  <html class="no-js" lang="de-DE"> <!--<![endif]-->')
    assert not "".join(lines).strip()
    assert [line for line in fragment_lines("<html> <p>Hallo</p>") if line] == ["Hallo"]


@pytest.mark.parametrize(
    "head",
    [
        """<meta property="og:site_name" content="Tom's Hardware">
           <meta property="og:title" content="Here's why">""",
        """<meta content="Tom's Hardware" property="og:site_name">
           <meta content='Here&#x27;s why' name="og:title">""",
    ],
)
def test_a_page_name_keeps_an_apostrophe_inside_its_quotes(head: str) -> None:
    # a value ran to the first quote of either kind: "Tom's Hardware" was "Tom", a tag #Tom
    assert page_metadata(head) == ("Here's why", "Tom's Hardware")


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "Hamburg (dpa/lno) – Trotz eines Gesprächs bleiben die Fronten verhärtet.",
            "Trotz eines Gesprächs bleiben die Fronten verhärtet.",
        ),
        (
            "05.12.2022 | Paris/Dauerthal (iwr-pressedienst) - Die Inspektion ist Standard.",
            "Die Inspektion ist Standard.",
        ),
        ("BERLIN, 3. Mai (dpa) – Die Regierung tagt.", "Die Regierung tagt."),
        ("WASHINGTON (Reuters) - The Senate voted on Friday.", "The Senate voted on Friday."),
        (
            "SEOUL, Aug. 20 (Yonhap) -- North Korea blasted the drill.",
            "North Korea blasted the drill.",
        ),
        # no agency in the brackets: the words may be the sentence's own
        (
            "Leeds (UK) – The university opened a centre.",
            "Leeds (UK) – The university opened a centre.",
        ),
    ],
)
def test_a_news_agencys_dateline_goes_and_the_sentence_stays(line: str, kept: str) -> None:
    assert clean_lines(["A headline", line]).lines == (kept,)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "Düsseldorf, 22. November 2022 - Der Versorger naturstrom AG hat eine Umfrage gemacht.",
            "Der Versorger naturstrom AG hat eine Umfrage gemacht.",
        ),
        ("29.11.2022 – Mehrfach hatte die Branche gewarnt.", "Mehrfach hatte die Branche gewarnt."),
        (
            "BOSTON, MA, March 3, 2023 — Researchers at the university found a new enzyme.",
            "Researchers at the university found a new enzyme.",
        ),
        (
            "Paris, le 12 mars 2023 – Le ministre a annoncé un plan.",
            "Le ministre a annoncé un plan.",
        ),
        (
            "Madrid, 3 de mayo de 2023 – El Gobierno ha aprobado la ley.",
            "El Gobierno ha aprobado la ley.",
        ),
        (
            "TEGUCIGALPA, HONDURAS.- Tras la extradición del expresidente, habló el fiscal.",
            "Tras la extradición del expresidente, habló el fiscal.",
        ),
        (
            "San José, 21 Abr (Elpaís.cr).- Con el fin de resguardar la red, el Gobierno actuó.",
            "Con el fin de resguardar la red, el Gobierno actuó.",
        ),
        # a date and a name is a byline; a date inside the sentence is the sentence's own
        ("11.12.2019 - Amelie Loevenich", "11.12.2019 - Amelie Loevenich"),
        (
            "Leeds, 5 May 2023 was a day - and the council met.",
            "Leeds, 5 May 2023 was a day - and the council met.",
        ),
        (
            "At the meeting, 5 May 2023 - And then the council met.",
            "At the meeting, 5 May 2023 - And then the council met.",
        ),
    ],
)
def test_a_press_releases_dated_dateline_goes_and_the_sentence_stays(line: str, kept: str) -> None:
    # "…beschlossen. 29.11.2022 – Mehrfach …" glued the date into the middle of a post
    assert clean_lines(["A headline", line]).lines == (kept,)


def test_a_share_bar_ends_the_pages_head_or_starts_its_foot() -> None:
    lead = (
        "A senior prison official has said in a sworn affidavit that anyone with enough "
        "determination could escape from the prison, and that the walls need repair."
    )
    head = "Home Issues Prison official By James Whittaker - May 4, 2022"
    bar = "Share Facebook Twitter WhatsApp Email Telegram"
    assert clean_lines(["A headline", f"{head} {bar} {lead}"]).lines == (lead,)
    body = "Ich würde ja in smarte und wirtschaftliche Elektro-Zapfsäulen investieren, schreibt er."
    foot = "Gefällt mir: Liken Veröffentlicht von Cem Basman"
    kept = clean_lines(["A headline", f"{body} Teilen: Twitter Facebook E-Mail LinkedIn {foot}"])
    assert kept.lines == (body,)
