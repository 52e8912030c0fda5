"""Personal names never become tags unless the account allows it (``hashtag_people = true``).

Per language: a common given name starts a person's name even when the surname is never used
alone; a role noun before it (German capitalises it) is not part of the name; in Chinese,
Japanese and Korean a family name with a title or a verb of saying next to it is a person.
"""

from __future__ import annotations

import pytest

from socialpub.compose.hashtags import TagPolicy, suggest_hashtags
from socialpub.compose.names import find_names
from socialpub.compose.personcues import cjk_people
from socialpub.compose.sentences import split_sentences

LATIN = [
    (
        "en",
        "Helen Carter named head of the new flood research centre",
        "Helen Carter will lead the Flood Research Centre at the University of Leeds. The Flood "
        "Research Centre studies river floods. The University of Leeds funds the centre, which "
        "Helen Carter founded, with two million pounds.",
        "Carter",
    ),
    (
        "de",
        "Christian Drosten warnt vor neuer Corona-Welle",
        "Der Virologe Christian Drosten warnt vor einer neuen Welle. An der Charité in Berlin "
        "wird weiter geforscht. Die Charité testet neue Impfstoffe. Christian Drosten leitet "
        "dort das Institut für Virologie.",
        "Drosten",
    ),
    (
        "fr",
        "Marie Dupont prend la tête de l'Inserm",
        "Marie Dupont dirigera l'Inserm à partir de janvier. L'Inserm compte quinze mille "
        "chercheurs. Marie Dupont était jusqu'ici directrice de l'Institut Pasteur.",
        "Dupont",
    ),
    (
        "es",
        "Pedro Sánchez anuncia un plan de vivienda",
        "Pedro Sánchez presentó en Madrid el nuevo plan de vivienda del Gobierno. El plan de "
        "vivienda prevé cien mil pisos. Pedro Sánchez habló ante el Congreso.",
        "Sánchez",
    ),
    (
        "it",
        "Giorgia Meloni incontra i sindacati",
        "Giorgia Meloni ha ricevuto i sindacati a Palazzo Chigi. A Palazzo Chigi si è parlato "
        "di salari. Giorgia Meloni ha promesso un nuovo incontro.",
        "Meloni",
    ),
    (
        "pt",
        "João Almeida vence a etapa em Lisboa",
        "João Almeida venceu a etapa com chegada a Lisboa. Em Lisboa, milhares de pessoas "
        "assistiram. João Almeida lidera agora a Volta a Portugal.",
        "Almeida",
    ),
    (
        "nl",
        "Mark Rutte spreekt met de NAVO in Brussel",
        "Mark Rutte sprak in Brussel met de NAVO over de oorlog. De NAVO wil meer geld voor "
        "defensie. Mark Rutte noemde het gesprek goed.",
        "Rutte",
    ),
]


LATIN += [
    (  # an interviewee whose surname the article never uses alone: the given name tells
        "de",
        "Huchenfischen in Tirol: Stephan Höferer im Gespräch",
        "Stephan Höferer betreibt eine Fischerhütte in Tirol. Im Winter fängt Stephan Höferer "
        "Huchen und Forellen. Der Huchen ist in Tirol selten geworden.",
        "Höferer",
    ),
    (
        "es",
        "Guzmán Loera pagó sobornos en Honduras",
        "El narcotraficante Joaquín Guzmán Loera pagó sobornos en Honduras. Según la fiscalía, "
        "Guzmán Loera entregó un millón de dólares. Honduras niega los sobornos de Guzmán Loera.",
        "Loera",
    ),
]


@pytest.mark.parametrize(("language", "title", "text", "surname"), LATIN)
def test_people_are_no_tags_by_default(language: str, title: str, text: str, surname: str) -> None:
    tags = [h.tag for h in suggest_hashtags(text, title, language=language)]
    assert tags, "the article names other things"
    assert not any(surname.lower() in t.lower() for t in tags), tags


@pytest.mark.parametrize(("language", "title", "text", "surname"), LATIN)
def test_people_become_tags_when_the_account_allows(
    language: str, title: str, text: str, surname: str
) -> None:
    sentences = [title, text]
    people = [n for n in find_names(sentences, language, 1) if n.person]
    assert any(surname in n.words for n in people)
    tags = suggest_hashtags(text, title, language=language, policy=TagPolicy(people=True))
    assert any(surname.lower() in h.tag.lower() for h in tags)


def test_a_given_name_does_not_make_an_institution_a_person() -> None:
    names = find_names(["The Mark Foundation gives grants. The Mark Foundation is rich."], "en")
    assert not any(n.person for n in names if "Foundation" in n.words)


def test_a_firm_with_its_legal_form_is_no_person_though_named_for_its_founder() -> None:
    sentences = [
        "Produziert für Luigi Lavazza S.p.A. in Turin.",
        "Die Luigi Lavazza S.p.A. röstet.",
    ]
    names = find_names(sentences, "de")
    assert any("Lavazza" in n.words for n in names)
    assert not any(n.person for n in names if "Lavazza" in n.words)


CJK = [
    (
        "zh",
        "梁振英表示政府将推动经济发展",
        "香港特首梁振英表示，政府将继续推动经济发展。梁振英说，经济发展是重要的一步。"
        "经济发展需要创新科技。创新科技是香港的未来。",
        "梁振英",
    ),
    (
        "ja",
        "岸田文雄首相が経済対策を発表",
        "岸田文雄首相は経済対策を発表した。岸田文雄首相によると、経済対策は物価高に対応する。"
        "経済対策の規模は十兆円。",
        "岸田文雄",
    ),
    (
        "ko",
        "윤석열 대통령 경제정책 발표",
        "윤석열 대통령은 경제정책을 발표했다. 윤석열 대통령은 경제정책이 중요하다고 말했다. "
        "경제정책은 내년부터 시행된다.",
        "윤석열",
    ),
]


@pytest.mark.parametrize(("language", "title", "text", "name"), CJK)
def test_cjk_people_are_found_by_titles_and_verbs(
    language: str, title: str, text: str, name: str
) -> None:
    assert name in cjk_people(f"{title}\n{text}", language)
    tags = [h.tag for h in suggest_hashtags(text, title, language=language)]
    assert not any(name in t for t in tags), tags


def test_cjk_place_with_a_title_is_no_person() -> None:
    assert "東京都" not in cjk_people("東京都知事は会見で述べた。", "ja")


@pytest.mark.parametrize("name", ["Morgan Stanley", "Stanley Cup", "Mercedes Benz"])
def test_names_of_firms_and_trophies_that_start_like_given_names_are_no_people(name: str) -> None:
    sentences = [f"Fans of {name} met in Boston. Later {name} was in the news again."]
    found = [n for n in find_names(sentences, "en") if " ".join(n.words) == name]
    assert found and not found[0].person


@pytest.mark.parametrize(
    "sentence",
    [
        # an elided article before the given name: "la confiance d'Emmanuel Macron"
        "Il a gagné la confiance d'Emmanuel Macron. Proche d’Emmanuel Macron, il reste.",
        # a joined given name whose parts are both given names
        "Le haut-commissaire Jean-Paul Delevoye démissionne. Jean-Paul Delevoye part.",
    ],
)
def test_elided_and_joined_given_names_start_a_person(sentence: str) -> None:
    found = [n for n in find_names([sentence], "fr") if len(n.words) == 2]
    assert found and all(n.person for n in found), found
    tags = [t.tag for t in suggest_hashtags(sentence, "Politique", language="fr")]
    assert not any(t in {"EmmanuelMacron", "JeanPaulDelevoye"} for t in tags), tags


def test_a_hyphenated_word_with_one_non_name_part_is_no_given_name() -> None:
    sentences = ["Les Jean-Tourisme Express partent. Les Jean-Tourisme Express arrivent."]
    found = [n for n in find_names(sentences, "fr") if n.words[0] == "Jean-Tourisme"]
    assert found and not found[0].person


def test_a_given_name_alone_is_a_person_and_no_tag() -> None:
    text = (
        "On Tuesday Mohamed told the council that the Somali community had waited years. The "
        "council approved the plan, and later Mohamed thanked the Somali community."
    )
    tags = [t.tag for t in suggest_hashtags(text, "Council approves plan", language="en")]
    assert "Mohamed" not in tags, tags
    assert "CouncilApproves" not in tags  # the article writes "approved": a verb
    allowed = suggest_hashtags(
        text, "Council approves plan", language="en", policy=TagPolicy(people=True)
    )
    assert "Mohamed" in [t.tag for t in allowed]


def test_a_title_before_a_name_is_no_part_of_a_tag() -> None:
    text = (
        "Supt Peters said the shooting was under investigation. Police said Supt Peters "
        "would speak again on Friday. The Honourable Premier Fahie was arrested in Miami."
    )
    tags = [t.tag for t in suggest_hashtags(text, "Two more gunned down", language="en")]
    assert not any(t.startswith(("Supt", "Honourable")) for t in tags), tags


def test_a_surname_used_alone_far_more_often_than_the_first_name_is_a_person() -> None:
    sentences = [
        "Lotte Tobisch ist tot.",
        "Mit ihren Freundschaften prägte Tobisch die Wiener Kultur.",
        "Mit vollem Namen hieß sie Lotte (von) Tobisch-Labotyn.",
        "Später spielte Tobisch am Burgtheater, und 1995 übernahm Tobisch den Opernball.",
        "Zuletzt lebte Tobisch in Baden.",
    ]
    found = [n for n in find_names(sentences, "de") if n.words == ("Lotte", "Tobisch")]
    assert found and found[0].person


@pytest.mark.parametrize(
    ("sentences", "name"),
    [
        (  # an article before the pair: a place with its kind, not a given name and surname
            [
                "In Schaffhausen sind viele Firmen zu Hause.",
                "Sie haben sich im Kanton Schaffhausen niedergelassen.",
                "Leben und arbeiten in Schaffhausen lohnt sich.",
            ],
            ("Kanton", "Schaffhausen"),
        ),
        (  # the last word stood alone before the pair: a drug, not a surname
            [
                "Die EMA hat Paxlovid zugelassen.",
                "In Kanada kommt Paxlovid bereits zur Anwendung.",
                "Auch in den USA wird Paxlovid verschrieben.",
                "Patienten nehmen täglich zwei Tabletten Paxlovid ein.",
            ],
            ("Tabletten", "Paxlovid"),
        ),
    ],
)
def test_a_word_used_alone_is_no_surname_when_the_pair_is_a_thing(
    sentences: list[str], name: tuple[str, ...]
) -> None:
    found = [n for n in find_names(sentences, "de") if n.words == name]
    assert found and not found[0].person
    tags = suggest_hashtags(" ".join(sentences), "", language="de")
    assert name[-1] in [t.tag for t in tags]


def test_a_teaser_line_may_name_a_person_by_surname_before_the_article_names_her() -> None:
    # a given name no list holds: the article, the role and the pair make the person
    sentences = [
        "Kaeser verarscht Neubauer beim Klimaschutz.",
        "Siemens-Chef Joe Kaeser hat die Klimaaktivistin Swantje Neubauer getroffen.",
        "Neubauer lehnte einen Sitz im Aufsichtsrat ab.",
        "Am Freitag sprach Neubauer vor der Zentrale.",
    ]
    found = [
        n for n in find_names(sentences, "de") if n.words[-1] == "Neubauer" and len(n.words) > 1
    ]
    assert found and found[0].person
    assert "Neubauer" not in [
        t.tag for t in suggest_hashtags(" ".join(sentences), "", language="de")
    ]


def test_a_double_surname_of_a_person_is_no_tag() -> None:
    text = (
        "Mit ihren Freundschaften prägte Tobisch die Wiener Kultur. Mit vollem Namen hieß sie "
        "Lotte (von) Tobisch-Labotyn. Später spielte Tobisch am Burgtheater, und 1995 übernahm "
        "Tobisch den Opernball. Bis zuletzt lebte Tobisch in Baden, wo man von Tobisch-Labotyn "
        "sprach."
    )
    tags = [t.tag for t in suggest_hashtags(text, "Lotte Tobisch ist tot", language="de")]
    assert not any("Tobisch" in t for t in tags), tags


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a side that starts with a given name is a person
        (
            "Ministers David Estwick and Ronnie Yearwood spoke in Bridgetown. The debate on "
            "water rates went on. David Estwick and Ronnie Yearwood left before the vote.",
            ("David Estwick", "Ronnie Yearwood"),
        ),
        # each side is a word the article also uses alone
        (
            "Biden and Sanders met in Iowa. Sanders said the race was open. Biden disagreed. "
            "Later Biden and Sanders shook hands.",
            ("Biden", "Sanders"),
        ),
    ],
)
def test_two_people_joined_by_and_are_two_names(text: str, joined: tuple[str, str]) -> None:
    found = {" ".join(n.words) for n in find_names(split_sentences(text), "en")}
    assert " and ".join(joined) not in found
    assert set(joined) <= found
    tags = [h.tag for h in suggest_hashtags(text, "Water rates debate", language="en")]
    assert not any("And" in t for t in tags), tags


def test_a_firm_named_for_two_founders_stays_one_name() -> None:
    text = (
        "Marks and Spencer opened a store in Leeds. The Marks and Spencer store sells food. "
        "Shoppers queued outside."
    )
    found = {" ".join(n.words) for n in find_names(split_sentences(text), "en")}
    assert "Marks and Spencer" in found


def test_a_given_name_with_two_particles_is_a_person() -> None:
    sentences = [
        "Die Kommissionspräsidentin Ursula von der Leyen sprach am Montag in Brüssel.",
        "Von der Leyen sagte, die EU werde helfen.",
        "Später reiste Leyen nach Kiew.",
    ]
    found = [n for n in find_names(sentences, "de") if n.words[-1] == "Leyen" and len(n.words) > 1]
    assert found and found[0].person
    tags = suggest_hashtags(" ".join(sentences), "Von der Leyen in Kiew", language="de")
    assert "Leyen" not in [t.tag for t in tags]


@pytest.mark.parametrize(
    ("sentences", "surname"),
    [
        (
            [
                "A motion brought by Independent Senator Chandra Deonarine failed on Tuesday.",
                "The Senate rejected amendments proposed by Deonarine.",
                "Deonarine said the motion would return.",
            ],
            "Deonarine",
        ),
        (
            [
                "The car flipped, said Miami-Dade Police Detective Orlando Zabaleta.",
                "Police said the driver fled, and Zabaleta asked witnesses to call.",
                "Zabaleta said the road reopened.",
            ],
            "Zabaleta",
        ),
    ],
)
def test_a_title_inside_a_run_starts_the_persons_name(sentences: list[str], surname: str) -> None:
    found = [n for n in find_names(sentences, "en") if n.words[-1] == surname and len(n.words) == 2]
    assert found and found[0].person
    tags = suggest_hashtags(" ".join(sentences), "", language="en")
    assert surname not in [t.tag for t in tags]


@pytest.mark.parametrize(
    ("sentences", "person"),
    [
        (["Joshua Y. sent in this joke. Joshua Y. is eight."], ("Joshua", "Y")),
        (["Adolf Hitler rose to power in 1933. Hitler ruled until 1945."], ("Adolf", "Hitler")),
        (["Vitamin D helps the bones. Vitamin D is cheap."], None),  # no given name first
    ],
)
def test_a_given_name_with_a_surname_initial_is_a_person(
    sentences: list[str], person: tuple[str, str] | None
) -> None:
    people = [n.words for n in find_names(sentences, "en") if n.person]
    assert people == ([person] if person else []), people
