"""suggest_hashtags on articles written like real ones, per language, and the account policy."""

from __future__ import annotations

import pytest

from socialpub.compose.hashtags import (
    TagPolicy,
    blocked_by,
    choose,
    guess_language,
    preferred_form,
    site_tag,
    suggest_hashtags,
)
from socialpub.compose.names import find_names
from socialpub.compose.sentences import split_sentences
from socialpub.compose.tagrules import problem

LEEDS_TITLE = "University of Leeds wins funding to study coastal flooding"
LEEDS = """
The University of Leeds has won £2 million to study coastal flooding along the Yorkshire coast.
Professor Helen Carter, who leads the project, said the money would pay for ten researchers.
"Coastal flooding is getting worse every year," Carter said.
The University of Leeds team will work with the Environment Agency on flood defences in Hull.
The Environment Agency said coastal flooding threatens 200,000 homes in Yorkshire.
Carter said the first results are expected in March 2025.
"""

TOURNAMENT_TITLE = "Villanova reaches the Final Four after beating Texas"
TOURNAMENT = """
Villanova beat Texas 71-64 on Saturday to reach the Final Four for the third time in six years.
The Final Four will be played in Houston, where Villanova faces Kansas.
Kansas reached the Final Four by beating Duke in overtime.
Coach Jay Wright said Villanova was ready for Houston.
"""

IPAD_TITLE = "Apple unveils a thinner iPad Pro"
IPAD = """
Apple on Tuesday unveiled a thinner iPad Pro with a faster chip, the M4.
The new iPad Pro is the thinnest device Apple has made, the company said.
Apple said the iPad Pro would go on sale next week in the US and Europe.
Analysts expect the iPad to lift Apple's revenue after a weak year for tablets.
"""

COVID_TITLE = "COVID-19 cases rise again in Lombardy"
COVID = """
Hospitals in Lombardy reported a new rise in COVID-19 admissions this week.
Regional officials said COVID-19 patients now fill 12 per cent of intensive care beds.
Lombardy was the first region in Europe hit by COVID-19 in 2020.
"""


def _tags(text: str, title: str, **kwargs: object) -> list[str]:
    return [h.tag for h in suggest_hashtags(text, title, **kwargs)]  # type: ignore[arg-type]


def test_verbs_and_adjectives_make_no_single_word_tags() -> None:
    assert "Reaches" not in _tags(TOURNAMENT, TOURNAMENT_TITLE, language="en")
    ipad = _tags(IPAD, IPAD_TITLE, language="en")
    assert "Unveils" not in ipad


def test_named_things_whole_in_their_own_casing() -> None:
    assert "UniversityOfLeeds" in _tags(LEEDS, LEEDS_TITLE, language="en")
    assert "FinalFour" in _tags(TOURNAMENT, TOURNAMENT_TITLE, language="en")
    ipad = _tags(IPAD, IPAD_TITLE, language="en")
    assert "iPadPro" in ipad or "iPad" in ipad
    assert "Ipad" not in ipad and "IPad" not in ipad
    assert "COVID19" in _tags(COVID, COVID_TITLE, language="en")


def test_no_personal_names_unless_the_account_allows_them() -> None:
    tags = _tags(LEEDS, LEEDS_TITLE, language="en")
    assert not any("Carter" in t or "Helen" in t for t in tags)
    assert not any("Wright" in t for t in _tags(TOURNAMENT, TOURNAMENT_TITLE, language="en"))
    allowed = _tags(LEEDS, LEEDS_TITLE, language="en", policy=TagPolicy(people=True))
    assert any("Carter" in t for t in allowed)


def test_no_dates_numbers_or_function_words() -> None:
    for text, title in [(LEEDS, LEEDS_TITLE), (TOURNAMENT, TOURNAMENT_TITLE), (COVID, COVID_TITLE)]:
        for item in suggest_hashtags(text, title, language="en"):
            assert item.kind == "topic" or not any(
                m in item.tag for m in ("March", "2025", "Saturday", "2020")
            )
            assert not item.tag.isdigit()


def test_own_hashtags_first_and_as_written_then_the_organisation() -> None:
    items = suggest_hashtags(
        LEEDS,
        LEEDS_TITLE,
        language="en",
        own=["#WeMissTurkey", "#leedsuni"],
        site_name="University of Leeds",
    )
    assert [(h.tag, h.kind) for h in items[:3]] == [
        ("WeMissTurkey", "own"),
        ("leedsuni", "own"),
        ("UniversityOfLeeds", "organisation"),
    ]
    assert all(h.kind in ("entity", "topic") for h in items[3:])
    assert len({h.tag.lower() for h in items}) == len(items)


def test_the_configured_organisation_wins_over_the_site_name() -> None:
    policy = TagPolicy(organisation="Leeds University Union")
    items = suggest_hashtags(LEEDS, LEEDS_TITLE, language="en", site_name="Yahoo", policy=policy)
    assert items[0].tag == "LeedsUniversityUnion"
    assert items[0].kind == "organisation"


# (title, text, language, tags that must be among the first five, tag prefixes that must not)
READ_BY_USAGE = {
    # German: an English word written after an article is a common noun; "Google" never is
    "articled loanwords": (
        "Google lädt Team zum Interview",
        "Google hat das Team der Universität Leipzig für ein Interview eingeladen. "
        "Das Team stellt bei Google seine Software vor, und das Interview erscheint online. "
        "Google zeigt das Interview mit dem Team am Freitag.",
        "de",
        ("Google",),
        ("Team", "Interview"),
    ),
    # a gender-marked noun is one word, and no tag: no fragment "#Ökostromkund"
    "gender marks": (
        "Ökostromkund*innen sparen Strom",
        "Die Ökostromkund*innen von Naturstrom sparen mehr Strom als andere. "
        "Für Ökostromkund*innen ist die Strompreisbremse ein Anlass, Strom zu sparen. "
        "Die Athlet:innen des Vereins trainieren für Ökostromkund*innen in Hamburg.",
        "de",
        (),
        ("Ökostromkund", "Athlet"),
    ),
    # Spanish, French, Italian, Portuguese and Dutch headlines capitalise names only
    "a name only the headline gives": (
        "Tendencia de precios de los combustibles en Guatemala es al alza, según el ministerio",
        "En los últimos días se ha registrado un incremento en el precio de los combustibles. "
        "El subsidio a los combustibles sigue vigente, pero los precios del diésel suben. "
        "La gasolina regular y el diésel registran incrementos moderados cada semana.",
        "es",
        ("Guatemala",),
        (),
    ),
    # an article capitalised inside a sentence is the name's
    "a name's own article": (
        "Las pandillas y el régimen",
        "La violencia de las pandillas aumenta en El Salvador, según la policía nacional. "
        "Las pandillas de El Salvador controlan barrios enteros de la capital. "
        "En El Salvador el gobierno declaró un régimen de excepción por las pandillas.",
        "es",
        ("ElSalvador",),
        ("Salvador",),
    ),
}


@pytest.mark.parametrize("case", sorted(READ_BY_USAGE))
def test_words_are_tagged_as_the_article_uses_them(case: str) -> None:
    title, text, language, wanted, unwanted = READ_BY_USAGE[case]
    tags = [h.tag for h in suggest_hashtags(text, title, language=language)][:5]
    assert all(tag in tags for tag in wanted), tags
    assert not any(tag.startswith(unwanted) for tag in tags if unwanted), tags


def test_a_personal_sites_name_is_its_owners_and_a_tag_only_where_people_are() -> None:
    assert site_tag("Matthew Davis", "en", people=False) is None
    assert site_tag("Matthew Davis", "en", people=True) == "MatthewDavis"
    assert site_tag("Harry Potter Wiki", "en", people=False) == "HarryPotterWiki"
    assert site_tag("University of Leeds", "en", people=False) == "UniversityOfLeeds"
    items = suggest_hashtags(LEEDS, LEEDS_TITLE, language="en", site_name="Wolfgang Schmale")
    assert all(h.kind != "organisation" for h in items)
    # a configured organisation is what the account asked for, whatever it looks like
    named = TagPolicy(organisation="Jane Wayne")
    assert suggest_hashtags(LEEDS, LEEDS_TITLE, language="en", policy=named)[0].tag == "JaneWayne"


@pytest.mark.parametrize(
    ("site", "tag"),
    [
        ("University of Leeds", "UniversityOfLeeds"),
        ("BBC News", "BBCNews"),
        ("nytimes.com", "Nytimes"),
        ("https://www.mesopinions.com/", "Mesopinions"),  # an address, not "#Https"
        ("www.gousto.co.uk", "Gousto"),
        ("Mr. Money Mustache", "MrMoneyMustache"),
        ("News zu VR, AR und KI | MIXED", None),
        ("ZEIT ONLINE", "ZeitOnline"),  # shouted words read as words: screen readers split them
        ("JUNGE FREIHEIT", "JungeFreiheit"),
        # vowel signs are combining marks: they stay in their word, not cut out of it
        ("BBC News မြန်မာ", "BBCNewsမြန်မာ"),
        ("हिंदी समाचार", "हिंदीसमाचार"),
        ("", None),
        # an address first names the site; the words after it are a slogan
        ("Haufe.de News und Fachwissen", "Haufe"),
        ("St.Galler Tagblatt", "StGallerTagblatt"),  # an abbreviation, no address
        ("St.GEORG", "StGEORG"),  # no host "St": addresses end in a lower-case domain
        ("https://www.fr.de", "FR"),  # a short host in lower case is an acronym
        ("rtl.de", "RTL"),
        ("www.leichtathletik.de | Das Leichtathletik-Portal", "Leichtathletik"),
        # an apostrophe inside a word joins it; "S" is no word of the name
        ("Tom's Hardware", "TomsHardware"),
        ("Harper’s Magazine", "HarpersMagazine"),
        ("Too Long; Didn't Read", "TooLongDidntRead"),
        ("L'Opinion", "LOpinion"),
        # a registered association's legal form is no part of its name
        ("DRK e.V.", "DRK"),
        ("PETA Deutschland e. V.", "PETADeutschland"),
    ],
)
def test_site_names_make_whole_tags_or_none(site: str, tag: str | None) -> None:
    assert site_tag(site) == tag


GERMAN_TITLE = "Deutsche Bahn testet neue Schnellzüge zwischen Berlin und München"
GERMAN = """
Die Deutsche Bahn testet ab Montag neue Schnellzüge zwischen Berlin und München.
Die Schnellzüge sollen die Fahrzeit um eine halbe Stunde verkürzen, teilte die Deutsche Bahn mit.
Für die Fahrgäste ändert sich zunächst nichts, sagte ein Sprecher der Deutschen Bahn.
Die neuen Schnellzüge fahren mit Ökostrom und haben mehr Platz für Fahrräder.
Der Fahrgastverband Pro Bahn begrüßte die Schnellzüge, kritisierte aber die Preise.
"""

FRENCH_TITLE = "L'Université de Lyon lance un programme sur le changement climatique"
FRENCH = """
L'Université de Lyon lance un nouveau programme de recherche sur le changement climatique.
Le programme réunira des chercheurs de l'Université de Lyon et du CNRS pendant cinq ans.
Selon les chercheurs, le changement climatique menace déjà les vignobles de la région.
Le CNRS financera la moitié du programme, a indiqué l'Université de Lyon.
"""

SPANISH_TITLE = "La Universidad de Granada estudia el cambio climático en Sierra Nevada"
SPANISH = """
La Universidad de Granada estudia los efectos del cambio climático en Sierra Nevada.
Los investigadores de la Universidad de Granada midieron la nieve durante diez años.
El cambio climático reduce la nieve en Sierra Nevada cada invierno, según el estudio.
"""

CHINESE_TITLE = "清华大学发布人工智能研究报告"
CHINESE = """
清华大学今天发布了人工智能研究报告。报告显示，人工智能正在改变医疗和教育。
清华大学的研究人员表示，人工智能的发展需要更多的数据和算力。
报告还指出，人工智能在医疗领域的应用增长最快。
"""

JAPANESE_TITLE = "東京大学が人工知能の新しい研究所を開設"
JAPANESE = """
東京大学は、人工知能の新しい研究所を開設すると発表した。
研究所では、人工知能を使った医療の研究を進める。
東京大学によると、研究所にはトヨタなどの企業も参加する。
人工知能の研究者は、研究所の開設を歓迎している。
"""

KOREAN_TITLE = "서울대학교, 인공지능 연구소 개설"
KOREAN = """
서울대학교는 인공지능 연구소를 개설한다고 밝혔다.
인공지능 연구소는 의료와 교육 분야의 인공지능 연구를 진행한다.
서울대학교 관계자는 인공지능 연구소가 내년에 문을 연다고 말했다.
"""


@pytest.mark.parametrize(
    ("text", "title", "language", "expected"),
    [
        (GERMAN, GERMAN_TITLE, "de", "DeutscheBahn"),
        (FRENCH, FRENCH_TITLE, "fr", "UniversitéDeLyon"),
        (SPANISH, SPANISH_TITLE, "es", "UniversidadDeGranada"),
        (CHINESE, CHINESE_TITLE, "zh", "人工智能"),
        (JAPANESE, JAPANESE_TITLE, "ja", "人工知能"),
        (KOREAN, KOREAN_TITLE, "ko", "인공지능"),
    ],
)
def test_each_language_gets_its_own_terms_and_no_bad_tags(
    text: str, title: str, language: str, expected: str
) -> None:
    items = suggest_hashtags(text, title, language=language)
    tags = [h.tag for h in items]
    assert expected in tags
    for item in items:
        assert problem([item.tag], language, named=True) != "function word at an end"
        assert not item.tag.startswith(("Die", "Der", "Für", "Le", "La", "Les", "Des", "Los"))


def test_cjk_tags_are_whole_terms_without_latin_camel_case() -> None:
    for text, title, language in [
        (CHINESE, CHINESE_TITLE, "zh"),
        (JAPANESE, JAPANESE_TITLE, "ja"),
        (KOREAN, KOREAN_TITLE, "ko"),
    ]:
        for tag in _tags(text, title, language=language):
            assert " " not in tag
            assert not tag.endswith(("的", "の", "는", "를"))


def test_an_unsupported_language_gets_no_tags_from_the_text() -> None:
    finnish = "Helsingin yliopisto aloittaa uuden tutkimuksen ilmastonmuutoksesta. " * 3
    assert _tags(finnish, "Helsingin yliopisto", language="fi") == []
    items = suggest_hashtags(finnish, "", language="fi", own=["#HelsinginYliopisto"])
    assert [(h.tag, h.kind) for h in items] == [("HelsinginYliopisto", "own")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (LEEDS, "en"),
        (GERMAN, "de"),
        (FRENCH, "fr"),
        (SPANISH, "es"),
        (CHINESE, "zh"),
        (JAPANESE, "ja"),
        (KOREAN, "ko"),
        ("Ok.", None),
    ],
)
def test_language_guess(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_without_a_language_the_guess_decides() -> None:
    assert "DeutscheBahn" in _tags(GERMAN, GERMAN_TITLE)


def test_blocked_tags_any_case_prefix_and_pattern() -> None:
    assert blocked_by("Crypto", ["crypto"])
    assert blocked_by("#Cryptos", ["Crypto"])
    assert blocked_by("SponsoredPost", ["sponsored*"])
    assert blocked_by("Ad2024", ["/^ad\\d+$/"])
    assert not blocked_by("Adelaide", ["/^ad\\d+$/"])
    assert not blocked_by("Science", ["/[/"])  # a broken expression blocks nothing
    items = suggest_hashtags(
        LEEDS, LEEDS_TITLE, language="en", policy=TagPolicy(blocked=("universityof*",))
    )
    assert not any(h.tag.lower().startswith("universityof") for h in items)


def test_preferred_tags_win_over_their_synonyms() -> None:
    preferred = {"NHS": ("NationalHealthService", "NHSEngland")}
    assert preferred_form("#nationalhealthservice", preferred) == "NHS"
    assert preferred_form("Leeds", preferred) == "Leeds"
    assert choose(["NationalHealthService", "NHS", "Leeds"], 3, preferred=preferred) == [
        "NHS",
        "Leeds",
    ]


def test_account_settings_refuse_a_broken_blocked_pattern() -> None:
    from pydantic import ValidationError

    from socialpub.settings import AccountSettings

    ok = AccountSettings(platform="x", hashtags_blocked=("crypto", "ad*", "/^promo\\d+$/"))
    assert ok.hashtag_people is False and ok.hashtag_topics is True
    with pytest.raises(ValidationError, match="blocked tag pattern"):
        AccountSettings(platform="x", hashtags_blocked=("/[unclosed/",))


def test_policy_from_account_and_organisation_settings() -> None:
    from socialpub.compose.hashtags import policy_for
    from socialpub.settings import AccountSettings, Settings

    settings = Settings(
        organisation_name="University of Leeds",
        hashtags_preferred={"NHS": ("NationalHealthService",)},
        accounts={},
    )
    account = AccountSettings(platform="x", hashtags_blocked=("crypto",), hashtag_people=True)
    policy = policy_for(account, settings)
    assert policy.organisation == "University of Leeds"
    assert policy.people and policy.blocked == ("crypto",)
    assert policy.preferred == {"NHS": ("NationalHealthService",)}
    own = AccountSettings(platform="x", organisation="Leeds Teaching Hospitals")
    assert policy_for(own, settings).organisation == "Leeds Teaching Hospitals"
    assert policy_for(None).organisation is None


# ---------------------------------------------------------------------------------------------
# where topic tags go among the entities


def _fixed(monkeypatch: pytest.MonkeyPatch, entities: list[str], found: list[str]) -> None:
    from socialpub.compose import hashtags, topics

    monkeypatch.setattr(hashtags, "_entity_tags", lambda *args, **kwargs: list(entities))
    monkeypatch.setattr(topics, "local_topic_tags", lambda *args, **kwargs: list(found))
    monkeypatch.setattr(topics, "topic_tags", lambda *args, **kwargs: [])


def test_a_topic_follows_three_entities(monkeypatch: pytest.MonkeyPatch) -> None:
    _fixed(monkeypatch, ["Bundesliga", "Schiedsrichter", "Tabelle", "Spieltag"], ["Fußball"])
    items = suggest_hashtags("Text.", "Titel", language="de")
    assert [(h.tag, h.kind) for h in items] == [
        ("Bundesliga", "entity"),
        ("Schiedsrichter", "entity"),
        ("Tabelle", "entity"),
        ("Fußball", "topic"),
        ("Spieltag", "entity"),
    ]


def test_an_entity_takes_the_spelling_of_the_topic_it_is_a_form_of(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "#Fotografie" is the tag people follow; "#Fotografieren" is the same word as a verb
    _fixed(monkeypatch, ["Fotografieren", "Sprachgebrauch", "Kamera"], ["Fotografie"])
    items = suggest_hashtags("Text.", "Titel", language="de")
    assert [(h.tag, h.kind) for h in items] == [
        ("Fotografie", "topic"),
        ("Sprachgebrauch", "entity"),
        ("Kamera", "entity"),
    ]


def test_a_topic_the_entities_hold_gives_its_place_to_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fixed(monkeypatch, ["Sport", "Kopfhörer", "Songs", "Leistung"], ["Sport", "Musik"])
    tags = [h.tag for h in suggest_hashtags("Text.", "Titel", language="de")]
    assert tags == ["Sport", "Kopfhörer", "Songs", "Musik", "Leistung"]


def test_a_vocabulary_word_mentioned_in_passing_is_still_a_generic_word() -> None:
    # "#Community" and "#Government" are topics people follow; a shooting report that says
    # "the community" twice is not about community life, so the word is judged as any other
    text = (
        "Two men were shot dead in Gamble Heights on Sunday night. Police said the community "
        "was shocked. The Homicide Unit is investigating the shooting in Gamble Heights, and "
        "the community has been asked for information. The government promised more patrols, "
        "and the government will meet residents of Gamble Heights."
    )
    tags = [t.tag for t in suggest_hashtags(text, "Two more gunned down", language="en")]
    assert "Community" not in tags and "Government" not in tags, tags
    assert "GambleHeights" in tags


def test_a_vocabulary_word_the_article_is_about_is_its_topic_tag() -> None:
    text = (
        "Health officials in Leeds opened a new clinic for patients with diabetes. The health "
        "service says the clinic will cut waiting times, and patients' health will be checked "
        "every month. Doctors at the clinic in Leeds trained for a year."
    )
    tags = {t.tag: t.kind for t in suggest_hashtags(text, "New health clinic opens in Leeds")}
    assert tags.get("Health") == "topic", tags


def test_a_word_before_a_year_is_an_edition_not_a_label() -> None:
    text = (
        "T1 won Worlds 2023 in Seoul. It was the team's fourth Worlds title after Worlds 2013, "
        "Worlds 2015 and Worlds 2016. Faker was named finals MVP at Worlds."
    )
    tags = [t.tag for t in suggest_hashtags(text, "T1 win Worlds 2023", language="en")]
    assert "Worlds" in tags


@pytest.mark.parametrize(
    ("title", "text", "common", "named"),
    [
        (  # a common word the article writes after a number counts something
            "Notebook für 832 Euro bei Amazon",
            "Das Notebook kostet bei Amazon nur 832 Euro. Der Speicher kostet 99 Euro, die Maus "
            "25 Euro. Amazon liefert das Notebook in zwei Tagen. Das Angebot gilt bis Sonntag.",
            "Euro",
            "Amazon",
        ),
        (
            "Herrmann fliegt in Dortmund über 1,78 Meter",
            "Herrmann sprang in Dortmund 1,78 Meter hoch. Die Siegerin übertraf die 1,75 Meter "
            "der Konkurrenz. Im Sprint lief Sietmann die 60 Meter in Bestzeit. Die "
            "Meisterschaften in Dortmund endeten am Sonntag.",
            "Meter",
            "Dortmund",
        ),
        (  # "tag" is an English word too; German writes "Tag" after determiners
            "Vierzig Tage in Quarantäne",
            "Am ersten Tag testeten sie uns. Am nächsten Tag kam der Arzt. Jeden Tag gab es "
            "Essen. An diesem Tag blieb der Arzt weg. Nach dem letzten Tag durften wir gehen. "
            "Die Quarantäne im Lager von Lampedusa dauerte vierzig Tage.",
            "Tag",
            None,
        ),
        (  # a sentence may start with the article
            "Ehezoff der Pochers bei RTL eskaliert: Situation verfahren",
            "Die Situation im Pocher-Ehedrama ist aktuell verfahren. Oliver Pocher schießt bei "
            "RTL gegen Amira Pocher. Amira Pocher schweigt dazu. Oliver Pocher legt bei RTL "
            "nach, Amira Pocher kontert.",
            "Situation",
            None,
        ),
        (  # a price per head counts heads: "Person" is the unit
            "Whisky-Tastings in Halle",
            "Whisky-Tasting im Marktplatz Halle. Eintritt: 69,00 €/Person. Gin-Tasting im "
            "Marktplatz Halle. Eintritt: 44,90 €/Person. Rum-Tasting in Halle. Eintritt: "
            "58,00 €/Person. Whisky und Gin aus Schottland.",
            "Person",
            None,
        ),
        (  # an abbreviated label and its number: "Art. 90" is an article of a law
            "Rasende Polizisten",
            "Polizisten im Dienst können den Rasertatbestand nach Art. 90 SVG erfüllen. Das "
            "Bundesgericht hat zwei Polizisten nur wegen Art. 90 SVG verurteilt. Der "
            "Rasertatbestand gilt auch für Polizisten.",
            "Art",
            None,
        ),
        (  # the quality of an everyday adjective ("wichtig") names no topic
            "Gutes Design für Handwerksbetriebe",
            "Ein klares Design ist für Handwerksbetriebe von größter Wichtigkeit. Früher ging es "
            "um Visitenkarten und Flyer, heute entscheidet die Webseite. Die Agentur Nordlicht "
            "gestaltet Webseiten für Handwerksbetriebe in Kiel. Beim Design zählt Individualität.",
            "Wichtigkeit",
            "Handwerksbetriebe",
        ),
        (  # nor does an everyday plural of an action ("herausfordern")
            "Energiewende und gesellschaftlicher Wandel",
            "Die Energiewende stellt Deutschland vor Herausforderungen. Forschende am IASS "
            "Potsdam untersuchen, wie Bürger die Energiewende erleben. Vor allem im ländlichen "
            "Raum wachsen die Sorgen. Das IASS Potsdam legt dazu eine Studie vor.",
            "Herausforderungen",
            "Energiewende",
        ),
    ],
)
def test_a_german_common_noun_is_no_tag_however_it_is_written_or_current_in_english(
    title: str, text: str, common: str, named: str | None
) -> None:
    tags = [t.tag for t in suggest_hashtags(text, title, language="de")]
    assert named is None or named in tags, tags
    assert common not in tags, tags


@pytest.mark.parametrize(
    ("title", "text", "wanted", "unwanted"),
    [
        (  # a city written bare after a preposition is a name; "die Regierung" a common noun
            "Wohnungsnot: Studierende in Freiburg ohne Bleibe",
            "Zum Semesterstart finden viele Studierende in Freiburg keine Wohnung. Wer nach "
            "Freiburg kommt, schläft oft wochenlang bei Freunden. Die Regierung verspricht neue "
            "Wohnheime, doch die Regierung zahlt nicht. Die Mieten in Freiburg steigen weiter.",
            "Freiburg",
            ("Regierung",),
        ),
        (  # a phrase stands in the nominative "der Grüne Wasserstoff" shows, whatever the title
            "Milliarden für Grünen Wasserstoff",
            "Der Bund fördert Grünen Wasserstoff mit zwei Milliarden Euro. Der Grüne Wasserstoff "
            "soll aus Windstrom entstehen. Mit Grünem Wasserstoff will die Regierung Stahlwerke "
            "versorgen. Kritiker halten Grünen Wasserstoff für zu teuer.",
            "GrünerWasserstoff",
            ("GrünenWasserstoff",),
        ),
        (  # a name's genitive in its plain form; Russia and Putin are no cues of Ukraine
            "Russlands Behörden ermitteln nach Brand in Rostow",
            "In Russland ist ein Wohnhaus abgebrannt. Das Feuer brach in Rostow aus, teilte das "
            "Ministerium in Moskau mit. Russlands Behörden ermitteln. Putin sprach den Familien "
            "sein Beileid aus. In Russland brennen im Winter oft Wohnhäuser.",
            "Russland",
            ("Russlands", "Ukraine"),
        ),
        (  # German writes every noun with a capital: a word mostly in lower case is a verb
            "Umfrage zur Strompreisbremse",
            "Die Befragten sollten einschätzen, wie viel Strom sie sparen. Beim Einschätzen "
            "halfen Beispiele. Die Strompreisbremse gilt ab März. Die Strompreisbremse soll "
            "Haushalte entlasten, sagt die Umfrage.",
            "Strompreisbremse",
            ("Einschätzen", "einschätzen"),
        ),
    ],
)
def test_a_german_article_is_tagged_as_its_usage_shows(
    title: str, text: str, wanted: str, unwanted: tuple[str, ...]
) -> None:
    tags = [t.tag for t in suggest_hashtags(text, title, language="de")]
    assert wanted in tags, tags
    assert not set(unwanted) & set(tags), tags


def test_a_word_counted_once_but_written_alone_more_often_stays_a_tag() -> None:
    text = (
        "Die Schule in Münster kauft 40 Mikroskope. Die Mikroskope kommen aus Jena. Mit den "
        "Mikroskopen lernen die Kinder forschen, und die Mikroskope bleiben in der Schule."
    )
    tags = [t.tag for t in suggest_hashtags(text, "Münster kauft Mikroskope", language="de")]
    assert "Mikroskope" in tags, tags


def test_an_own_tag_typed_with_a_cjk_dash_is_not_repeated_in_latin_form() -> None:
    own = "COVIDー19"  # the katakana long-vowel mark, a letter, so the tag is whole as typed
    text = (
        "Le COVID-19 se propage en France. Les hôpitaux de Paris sont pleins à cause du "
        "COVID-19. Le gouvernement prépare un confinement contre le COVID-19."
    )
    title = "COVID-19 : les hôpitaux de Paris sont pleins"
    tags = [t.tag for t in suggest_hashtags(text, title, language="fr", own=(own,))]
    assert tags[0] == own
    assert "COVID19" not in tags, tags


QUILT = (
    "Choose Vibrant Fabrics First\n"
    "A quilt from Liberty prints starts with the fabric. Pick cotton that keeps its colour in "
    "the wash. Liberty sells cotton by the metre.\n"
    "Keep Vibrant Colours Apart\n"
    "Wash dark cotton separately the first time. Press every seam before you sew the quilt."
)


def test_a_title_cased_heading_in_the_body_proves_no_name() -> None:
    # "Colours" is capitalised only in a heading: that is house style, not a name
    tags = [t.tag for t in suggest_hashtags(QUILT, "How to sew your first quilt", language="en")]
    assert "Liberty" in tags, tags
    assert not {"Colour", "Colours", "Vibrant", "VibrantColours", "Fabrics"} & set(tags), tags
    names = {" ".join(n.words) for n in find_names(split_sentences(QUILT), "en")}
    assert "Vibrant Colours" not in names and "Vibrant Fabrics" not in names, names


@pytest.mark.parametrize(
    ("language", "title", "text", "about", "passing"),
    [
        (
            "de",
            "Heilbronn: Hallenbad bekommt eine Wärmepumpe",
            "Die Stadtwerke Heilbronn bauen eine Wärmepumpe für das Hallenbad. Die Wärmepumpe "
            "nutzt die Wärme des Neckars. Sie ersetzt zwei alte Gaskessel. Die neuen Heizkörper "
            "im Foyer bezahlt der Förderverein. Die Wärmepumpe soll im Herbst 2025 laufen.",
            {"Wärmepumpe", "Hallenbad"},
            {"Heizkörper", "Gaskessel", "Förderverein", "Foyer"},
        ),
        (
            "en",
            "Leeds opens a flood research centre",
            "The University of Leeds opened a flood research centre on Tuesday. Engineers will "
            "model river floods across Yorkshire, and the centre's flood maps go to councils. "
            "The building has a rooftop greenhouse and a bicycle workshop. Students grow "
            "vegetables in the rooftop greenhouse.",
            {"Flood"},
            {"Greenhouse", "RooftopGreenhouse", "BicycleWorkshop", "Workshop"},
        ),
    ],
)
def test_a_thing_met_once_in_the_body_is_no_tag_of_the_post(
    language: str, title: str, text: str, about: set[str], passing: set[str]
) -> None:
    tags = [t.tag for t in suggest_hashtags(text, title, language=language)]
    assert any(a in t for t in tags for a in about), tags
    assert not passing & set(tags), tags


@pytest.mark.parametrize(
    ("language", "title", "text", "absent", "present"),
    [
        (  # a common word the article writes with a number is half a label
            "en",
            "Cork moves to Level 3",
            "The county moves to Level 3 at midnight, with pubs limited to outdoor seating. "
            "Health officials had advised Level 5. The government said Level 3 would last three "
            "weeks. Publicans in Cork said the restrictions came with no warning.",
            "Level",
            "Cork",
        ),
        (  # a lower-case phrase met twice in the body describes; the title's names the subject
            "en",
            "Leeds opens a flood centre",
            "Engineers in Leeds read the text elements of old flood reports. Every model of "
            "river floods in Yorkshire starts from such text elements, checked by hand. The "
            "flood centre shares its river flood maps with councils.",
            "TextElements",
            "FloodCentre",
        ),
        (  # a common word the article also writes in lower case is no name
            "en",
            "New clinic in Leeds",
            "The clinic in Leeds hands every family a copy of Heart. Nurses in Leeds wrote Heart "
            "for parents. A child's heart is checked twice a year, and Leeds pays for the scans.",
            "Heart",
            "Leeds",
        ),
        (  # a German common noun (after an article or a number) the title does not name
            "de",
            "Kaffee-Aktion bei Edeka",
            "Edeka verkauft ab Montag zwei Gläser Jacobs Gold zum halben Preis. Die Gläser gibt "
            "es in allen Filialen, solange der Vorrat reicht. Edeka verlost außerdem zwanzig "
            "Kaffeemaschinen. Wer mitmachen will, füllt das Teilnahmeformular aus und schickt "
            "das Teilnahmeformular bis Freitag an Edeka.",
            "Gläser",
            "Edeka",  # a name stands bare
        ),
        (  # a lower-case common noun met a few times describes the article on the way
            "en",
            "Residents of Amador fight a landfill plan",
            "The company plans to fill 50 hectares of the bay near Amador. Fishermen say the "
            "hectares to be filled hold the bay's mangroves. Amador's residents will vote on "
            "the plan, and the ministry must approve the hectares filled.",
            "Hectares",
            "Amador",
        ),
        (  # after "de" a Romance infinitive is a verb, however often it comes
            "fr",
            "Le ministre de la Santé sommé de démissionner",
            "Le ministre de la Santé a été sommé de démissionner par les médecins de Prague. "
            "Les syndicats lui demandent aussi de démissionner avant lundi. Le ministre refuse "
            "de démissionner et défend sa réforme des hôpitaux de Prague.",
            "Démissionner",
            "Prague",
        ),
    ],
)
def test_a_word_or_phrase_that_only_describes_is_no_tag(
    language: str, title: str, text: str, absent: str, present: str
) -> None:
    tags = [t.tag for t in suggest_hashtags(text, title, language=language)]
    assert absent not in tags
    assert present in tags


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        (  # the title names the common noun: the subject
            "de",
            "Zwei Gläser für 4,80 Euro bei Edeka",
            "Edeka verkauft ab Montag zwei Gläser für 4,80 Euro. Die Gläser gibt es in allen "
            "Filialen. Edeka verlost außerdem Kaffeemaschinen.",
            "Gläser",
        ),
        (  # the article keeps coming back to it
            "en",
            "Early screening pays off, Leeds study finds",
            "Researchers in Leeds followed adults with diabetes. Early diabetes care cut strokes. "
            "Diabetes screening in pharmacies finds cases sooner, and diabetes nurses agree. "
            "The study says diabetes costs the NHS less when found early. Untreated, diabetes "
            "harms the eyes and the kidneys.",
            "Diabetes",
        ),
    ],
)
def test_a_common_noun_the_title_names_or_the_article_repeats_is_a_tag(
    language: str, title: str, text: str, tag: str
) -> None:
    assert tag in [t.tag for t in suggest_hashtags(text, title, language=language)]


def test_the_body_the_lead_names_once_is_a_tag() -> None:
    title = "Leeds Teaching Hospitals opens new dementia unit at St James's"
    text = (
        "Leeds Teaching Hospitals NHS Trust has opened a new 24-bed unit for patients with "
        "dementia at St James's University Hospital. The unit brings together nurses and "
        "specialist doctors. Patients with dementia often stay longer in hospital. The unit "
        "has dementia-friendly lighting and a garden, and the trust will train staff from "
        "other wards there."
    )
    tags = [t.tag for t in suggest_hashtags(text, title, language="en")]
    assert "LeedsTeachingHospitalsNHSTrust" in tags


def test_a_name_the_article_shortens_in_brackets_is_tagged_by_its_acronym() -> None:
    title = "Universität Freiburg erhält Millionenförderung für Hochwasserforschung"
    text = (
        "Die Universität Freiburg erhält von der Deutschen Forschungsgemeinschaft (DFG) 4,5 "
        "Millionen Euro für ein Graduiertenkolleg zur Hochwasserforschung. Die Forscher "
        "untersuchen Starkregen im Schwarzwald. Das Kolleg startet im April."
    )
    tags = [t.tag for t in suggest_hashtags(text, title, language="de")]
    assert "DFG" in tags
    assert "MillionenEuro" not in tags  # a sum counts; German capitals prove no name


@pytest.mark.parametrize(
    ("language", "title", "text", "clause"),
    [
        (
            "es",
            "Fiscalía acusa al expresidente de Honduras",
            "La Fiscalía afirmó que el expresidente había recibido millones de dólares. Según la "
            "Fiscalía, el expresidente ha recibido millones de los carteles. Su hermano también "
            "habría recibido millones. Honduras espera el juicio en Nueva York.",
            "RecibidoMillones",
        ),
        (
            "it",
            "Minacce al sindaco di Bari",
            "Il sindaco di Bari ha ricevuto minacce. Da gennaio il sindaco aveva ricevuto minacce "
            "anche sui social. Anche la moglie ha ricevuto minacce. La procura di Bari indaga.",
            "RicevutoMinacce",
        ),
        (  # a verb never follows an article or a preposition; a noun phrase does somewhere
            "es",
            "Marathón quiere seguir líder en Choloma",
            "El técnico de Marathón dijo: seguimos con lo que venimos haciendo. Lo que venimos "
            "haciendo nos dio el liderato. Si seguimos así, lo que venimos haciendo será premiado "
            "en Choloma.",
            "VenimosHaciendo",
        ),
    ],
)
def test_a_romance_clause_is_no_tag(language: str, title: str, text: str, clause: str) -> None:
    tags = [t.tag for t in suggest_hashtags(text, title, language=language)]
    assert clause not in tags, tags
