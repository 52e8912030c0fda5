"""A post's first sentence must stand alone: judged per language, quotes whole, no heading."""

from __future__ import annotations

import pytest

from socialpub.compose.sentences import split_sentences
from socialpub.compose.standalone import (
    calls_to_action,
    dangling_opener,
    is_pure_quote,
    leaning_pronoun,
    leaning_word,
    quotes_balanced,
    speaks_as_i,
    standalone_problem,
    strip_lead_prefix,
)


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("However, the trust said waiting times had fallen.", "en"),
        ("He walked into the ward on Monday.", "en"),
        ("And that trend continued through the winter.", "en"),
        ("In addition, the hospital will open a new wing.", "en"),
        ("Dies zeigt eine neue Studie der Universität.", "de"),
        ("Außerdem plant die Klinik einen Neubau.", "de"),
        ("Cependant, l'hôpital a annoncé une nouvelle aile.", "fr"),
        ("Par ailleurs, la ville financera le projet.", "fr"),
        ("Sin embargo, el hospital abrió una nueva ala.", "es"),
        ("Tuttavia, l'ospedale ha aperto una nuova ala.", "it"),
        ("Além disso, o hospital abriu uma nova ala.", "pt"),
        ("Bovendien opent het ziekenhuis een nieuwe vleugel.", "nl"),
        ("Der 67-Jährige betreibt eine Auffangstation für Wildvögel.", "de"),  # who is he?
        ("The 67-year-old said the centre would close in May.", "en"),
        ("Le septuagénaire a été condamné à deux ans de prison.", "fr"),
        ("El sexagenario fue detenido ayer en Madrid.", "es"),
        ("Il 45enne è stato arrestato ieri sera a Milano.", "it"),
        ("La dama conversó con elCaribe acerca de su hijo.", "es"),  # which lady?
        ("The woman told police she had been robbed.", "en"),
        ("Der Mann wurde noch am Abend festgenommen.", "de"),
        ("Auf diese Weise können Nachbarn einander helfen.", "de"),
        ("De esta manera, los vecinos pueden ayudarse.", "es"),
        ("Dicha fianza fue pagada por el empresario en 2019.", "es"),  # which bail?
        ("Como se mencionó, el puerto cerrará en mayo.", "es"),
        ("As mentioned, the port will close in May.", "en"),
        ("但是医院今天开设了新的病房。", "zh"),
        ("しかし、病院は新しい病棟を開設した。", "ja"),
        ("하지만 병원은 새 병동을 열었다.", "ko"),
    ],
)
def test_openers_that_lean_on_earlier_text_are_caught(sentence: str, language: str) -> None:
    assert dangling_opener(sentence, language) is not None


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("This week, the trust opened a new maternity unit in Leeds.", "en"),
        ("IT staff at the hospital moved 4,000 records overnight.", "en"),
        ("The trust said waiting times had fallen.", "en"),
        ("Die Universität Leipzig eröffnet ein neues Institut.", "de"),
        ("Diese Woche eröffnet die Universität ein neues Institut.", "de"),
        ("Die 34-jährige Ärztin aus Köln hat den Preis gewonnen.", "de"),  # introduces her
        ("A 67-year-old man was arrested in Leeds on Monday.", "en"),
        ("A woman told police she had been robbed in Leeds.", "en"),  # introduces her
        ("Der Mannschaftsbus kam mit Verspätung an.", "de"),
        ("The manager said the shop would close in May.", "en"),
        ("The 67-year-old man from Leeds was arrested on Monday.", "en"),
        ("L'hôpital a annoncé une nouvelle aile.", "fr"),
        ("北京大学今天宣布成立新的研究中心。", "zh"),
    ],
)
def test_sentences_that_stand_alone_pass(sentence: str, language: str) -> None:
    assert dangling_opener(sentence, language) is None


@pytest.mark.parametrize(
    ("sentence", "language", "word"),
    [
        ("The council also approved a new cycle lane on Monday.", "en", "also"),
        ("Im Rahmen des Plans wurde darum ein Online-Tool entwickelt.", "de", "darum"),
        ("Le conseil a également approuvé une nouvelle piste.", "fr", "également"),
        ("El ayuntamiento también aprobó un carril bici.", "es", "también"),
        ("Il comune ha inoltre approvato una pista ciclabile.", "it", "inoltre"),
        ("A câmara também aprovou uma ciclovia.", "pt", "também"),
        ("De gemeente keurde echter een fietspad goed.", "nl", "echter"),
    ],
)
def test_an_adverb_that_leans_back_from_inside_a_sentence_is_caught(
    sentence: str, language: str, word: str
) -> None:
    assert leaning_word(sentence, language) == word
    assert standalone_problem(sentence, language) == f"leans back with {word!r}"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # far from the start the sentence has set up its own subject
        ("The council of Bergen voted on Monday to close the harbour and also the pier.", "en"),
        ("Die Stadt Leipzig eröffnet auch ein neues Institut.", "de"),  # "auch" is left alone
        ("Il est aussi grand que son frère.", "fr"),
    ],
)
def test_sentences_with_a_late_or_ambiguous_adverb_stand_alone(
    sentence: str, language: str
) -> None:
    assert leaning_word(sentence, language) is None


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ("“We are delighted,” she said.", True),
        ("Er sagte: „Wir freuen uns.“", True),
        ("Il a dit « merci » au public.", True),
        ('He said "yes" twice.', True),
        ("We are delighted,” she said.", False),
        ("“We are delighted, she said.", False),
        ('He said "yes twice.', False),
    ],
)
def test_quotes_must_pair(text: str, balanced: bool) -> None:
    assert quotes_balanced(text) is balanced


def test_a_quotation_alone_cannot_open_a_post_but_an_attributed_one_can() -> None:
    assert is_pure_quote("“We will keep our region safe.”")
    assert not is_pure_quote("“We will keep our region safe,” the director said.")
    assert standalone_problem("“We will keep our region safe.”", "en") == "a quotation alone"


@pytest.mark.parametrize(
    "line",
    ["Hospital wins national award for maternity care", "Photo: AP", "Related news"],
)
def test_headings_and_labels_are_not_sentences(line: str) -> None:
    assert standalone_problem(line, "en") == "not a sentence"


@pytest.mark.parametrize(
    ("lead", "rest"),
    [
        ("LONDON (Reuters) - The council approved the plan.", "The council approved the plan."),
        (
            "SEOUL, Aug. 20 (Yonhap) -- North Korea's newspaper blasted the drill.",
            "North Korea's newspaper blasted the drill.",
        ),
        ("WASHINGTON, Jan 5 (Reuters) - The Fed held rates.", "The Fed held rates."),
        (
            "London (CNN)The council approved the plan on Monday.",
            "The council approved the plan on Monday.",
        ),
        (
            "WASHINGTON — The Senate voted on Tuesday to pass the bill.",
            "The Senate voted on Tuesday to pass the bill.",
        ),
        (
            "By Aaron Humes: The Americas cannot ignore the risk.",
            "The Americas cannot ignore the risk.",
        ),
        ("The council approved the plan.", "The council approved the plan."),
    ],
)
def test_datelines_and_bylines_are_taken_off_the_lead(lead: str, rest: str) -> None:
    assert strip_lead_prefix(lead) == rest


@pytest.mark.parametrize(
    ("text", "language", "sentences"),
    [
        (
            "“We are delighted. It is a first,” she said. The trust agreed.",
            "en",
            ["“We are delighted. It is a first,” she said.", "The trust agreed."],
        ),
        (
            "Am 3. Oktober eröffnet die Klinik. Sie hat z. B. 40 Betten.",
            "de",
            ["Am 3. Oktober eröffnet die Klinik.", "Sie hat z. B. 40 Betten."],
        ),
        (
            "Die Doku erscheint zum 100. Geburtstag. Sie läuft seit 2020. Dann kam Corona.",
            "de",
            ["Die Doku erscheint zum 100. Geburtstag.", "Sie läuft seit 2020.", "Dann kam Corona."],
        ),
        (
            "医院今天开业。病人很高兴！你来吗？好。",
            "zh",
            ["医院今天开业。", "病人很高兴！", "你来吗？", "好。"],
        ),
        (
            "病院は今日開院した。患者は喜んでいる。",
            "ja",
            ["病院は今日開院した。", "患者は喜んでいる。"],
        ),
        (
            "Le maire a dit « Bravo. Merci à tous » devant la foule. La fête a suivi.",
            "fr",
            ["Le maire a dit « Bravo. Merci à tous » devant la foule.", "La fête a suivi."],
        ),
    ],
)
def test_splitting_follows_each_languages_punctuation_and_keeps_quotes_whole(
    text: str, language: str, sentences: list[str]
) -> None:
    assert split_sentences(text, language) == sentences


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Das Ministerium für Club-Kultur informiert…", False),  # a headline cut off
        ("Grand débat national, Convention citoyenne, comités d’éthique, États Généraux…", True),
        ("Access to Wikipedia in Turkey is actively being restored.*", True),  # a note's mark
    ],
)
def test_a_teaser_cut_off_is_no_sentence_but_a_list_and_so_on_is(text: str, sentence: bool) -> None:
    from socialpub.compose.standalone import is_sentence

    assert is_sentence(text) is sentence


@pytest.mark.parametrize(
    ("sentence", "language", "first_person"),
    [
        ("When I moved to California five years ago, I planted a tree in my yard.", "en", True),
        ("My colleague Geoffrey Skelley wrote about it recently.", "en", True),
        ("World War I ended in 1918, and Phase II trials begin in May.", "en", False),
        ('"I am delighted," said the Vice-Chancellor of the university.', "en", False),
        ("Ich freue mich wie ein kleines Kind über den neuen Rechner.", "de", True),
        ("„Ich bin stolz“, sagte die Rektorin der Universität Wien.", "de", False),
        ("J'ai longtemps hésité avant d'écrire cet article.", "fr", True),
        ("Le jour où je suis arrivé à Lyon, il pleuvait.", "fr", True),
        ("Vor langer Zeit hatte die Stadt schon einmal gebaut.", "de", False),
        ("Ik woon al tien jaar in Utrecht.", "nl", True),
    ],
)
def test_a_writer_saying_i_outside_quotes_is_found(
    sentence: str, language: str, first_person: bool
) -> None:
    assert speaks_as_i(sentence, language) is first_person


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("No, the former New York mayor's debut in the race has turned brutal.", "answers"),
        ("Yes, the council will vote on the budget next week.", "answers"),
        ("Marissa: Axios launched in 2017 with a mission to make people smarter.", "transcript"),
        ("Q: Why did the university open a new campus in Leeds?", "transcript"),
        ("Sheila Atim: Amenza plays two roles in the film about the Agojie.", "transcript"),
    ],
)
def test_replies_and_transcript_lines_cannot_open_a_post(sentence: str, problem: str) -> None:
    found = standalone_problem(sentence, "en")
    assert found is not None and problem in found, found


@pytest.mark.parametrize(
    "sentence",
    [
        "No one was hurt when the bridge in Glasgow collapsed on Tuesday.",
        "Update: The council will vote on the budget next week, officials said.",
        "Warning: the river Ouse is expected to flood in York tonight, the agency said.",
    ],
)
def test_a_heading_word_or_a_negation_is_no_reply_or_speaker(sentence: str) -> None:
    assert standalone_problem(sentence, "en") is None


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Noch besser ist es, wenn eine Handtasche als Wertanlage zu sehen ist.", "de"),
        ("Even better, the new campus in Leeds will open a year early.", "en"),
        ("Mieux encore, le nouveau campus de Lyon ouvrira un an plus tôt.", "fr"),
    ],
)
def test_a_comparison_with_what_came_before_cannot_open_a_post(
    sentence: str, language: str
) -> None:
    assert dangling_opener(sentence, language) is not None


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("Niemand ist daran gestorben, sagen die Behörden in Japan.", True),
        ("Die Stadt hat dafür zwei Millionen Euro ausgegeben.", True),
        ("Die Stadt Köln setzt darauf, dass mehr Menschen mit dem Rad fahren.", False),
        ("Die Universität denkt darüber nach, ob sie einen Campus in Bonn eröffnet.", False),
        ("Der Rat stimmte dagegen, die Brücke in Dresden abzureißen.", True),
        ("Die Stadt Leipzig wehrt sich dagegen, dass die Brücke schließt.", False),
    ],
)
def test_a_german_pronominal_adverb_leans_back_unless_it_points_ahead(
    sentence: str, leans: bool
) -> None:
    assert (leaning_word(sentence, "de") is not None) is leans


@pytest.mark.parametrize(
    ("sentence", "language", "alone"),
    [
        ("Wenn wir einen öffentlichen Diskurs ohne Rassismen führten.", "de", True),
        ("Wenn die Brücke schließt, fahren die Busse über Leipzig.", "de", False),
        ("Because the council ran out of money before the bridge was finished.", "en", True),
        ("Because of the storm, the university closed its campus in Leeds.", "en", False),
        ("Parce que la mairie de Lyon a fermé le pont sans prévenir.", "fr", True),
    ],
)
def test_a_subordinate_clause_alone_cannot_open_a_post(
    sentence: str, language: str, alone: bool
) -> None:
    problem = standalone_problem(sentence, language)
    assert (problem == "a subordinate clause alone") is alone, problem


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("Tun wir aber nicht, sagt die Rektorin der Universität Wien.", True),
        ("Die Stadt will sparen, aber nicht bei den Schulen in Köln.", False),
        ("In diesem Artikel zeigen wir, wie die Universität Bonn ihr Labor baut.", False),
    ],
)
def test_a_german_contrast_without_a_comma_leans_back(sentence: str, leans: bool) -> None:
    assert (leaning_word(sentence, "de") is not None) is leans


@pytest.mark.parametrize(
    ("sentence", "language", "problem"),
    [
        ("Richtig: dampfendes Thermalwasser, klare Luft und richtig gutes Essen.", "de", "label"),
        ("Technisches: im Einsatz sind bei ihm ein Smartphone und ein Stativ.", "de", "label"),
        ("Das heißt, man klickt sich durch Dialoge und trifft Entscheidungen.", "de", "opens"),
        ("Breaking: the bridge over the Ouse in York has closed after a flood.", "en", None),
    ],
)
def test_labels_and_explanations_cannot_open_a_post(
    sentence: str, language: str, problem: str | None
) -> None:
    found = standalone_problem(sentence, language)
    assert (found is None) if problem is None else (found is not None and problem in found), found


@pytest.mark.parametrize(
    ("sentence", "language", "unmet"),
    [
        ('"Taking a multivitamin every day promotes healthy aging," he told The List.', "en", True),
        ("„Das ist ein guter Tag für Leipzig“, sagte sie am Montag im Rathaus.", "de", True),
        ('"Es un día histórico para la ciudad", dijo.', "es", True),
        ('"It is a good day for Leeds," said Vice-Chancellor Simone Buitendijk.', "en", False),
        ("„Das ist gut“, sagte Bürgermeister Burkhard Jung am Montag in Leipzig.", "de", False),
    ],
)
def test_a_quotation_attributed_to_a_pronoun_cannot_stand_alone(
    sentence: str, language: str, unmet: bool
) -> None:
    problem = standalone_problem(sentence, language)
    assert (problem is not None and "not met" in problem) is unmet, problem


@pytest.mark.parametrize(
    ("sentence", "calls"),
    [
        ("Pour réécouter son interview, cliquez sur l’icône ci-dessous.", True),
        ("Click here to read the full report.", True),
        ("To register, please click the button below.", True),
        ("Klicken Sie hier, um das Video zu starten.", True),
        ("Para más información, haga clic en el enlace.", True),
        ("Per iscriverti clicca qui.", True),
        ("Clique aqui para ver a galeria.", True),
        ("Klik hier voor het programma.", True),
        ("Booking a vaccination is now a click away for patients in Leeds.", False),
        ("The clicking sound came from the reactor, engineers said.", False),
        ("Der Klick auf das Banner kostete die Nutzer Geld.", False),
    ],
)
def test_an_instruction_to_click_is_no_sentence_of_a_post(sentence: str, calls: bool) -> None:
    assert calls_to_action(sentence) is calls


@pytest.mark.parametrize(
    ("sentence", "language", "pronoun"),
    [
        ("Noch ist er durch eine Tarnfolie verunstaltet.", "de", "er"),
        ("Nun haben sie den Vertrag unterschrieben.", "de", "sie"),
        ("Last year she won the national prize for nursing.", "en", "she"),
        ("In 2019 they opened a new ward for children.", "en", "they"),
        ("Depuis 2010, elle dirige le service de cardiologie.", "fr", "elle"),
        ("Der Bürgermeister sagte, er werde zurücktreten.", "de", None),  # named first
        ("The mayor said he would step down in May.", "en", None),
        ("Bitte melden Sie sich bis Freitag an.", "de", None),  # the polite "you"
        ("In their biggest game of the season, the Sixers won.", "en", None),  # points ahead
        ("Il faut agir maintenant, selon le rapport.", "fr", None),
        ("It is expected to open in May.", "en", None),
    ],
)
def test_a_pronoun_with_nothing_before_it_to_stand_for_leans_back(
    sentence: str, language: str, pronoun: str | None
) -> None:
    assert leaning_pronoun(sentence, language) == pronoun
    assert (standalone_problem(sentence, language) is not None) or pronoun is None


@pytest.mark.parametrize(
    ("sentence", "language", "opener"),
    [
        ("Das hat die 54. Ausgabe des Caravan Salon eindrücklich bewiesen.", "de", "Das"),
        ("Das zeigt eine neue Studie der Universität Leipzig.", "de", "Das"),
        ("Das Bundeskabinett legte am Freitag sein Programm fest.", "de", None),
        ("Das neue Gesetz gilt ab Mai für alle Kliniken.", "de", None),
        ("Lo hicieron para protestar contra las reformas.", "es", "Lo"),
        ("Lo que más preocupa a los vecinos es el precio.", "es", None),
    ],
)
def test_a_demonstrative_standing_alone_leans_back(
    sentence: str, language: str, opener: str | None
) -> None:
    assert dangling_opener(sentence, language) == opener
