"""The article's language is detected from its text; a page's declaration helps, never misleads."""

from __future__ import annotations

import pytest

from socialpub.compose.language import detect_language, normalise_code

SAMPLES = {
    "en": "The university said on Monday that the new research centre will open in the spring "
    "and that it has been funded by the city for the next five years.",
    "de": "Die Universität teilte am Montag mit, dass das neue Forschungszentrum im Frühjahr "
    "eröffnet wird und für die nächsten fünf Jahre von der Stadt finanziert ist.",
    "fr": "L'université a annoncé lundi que le nouveau centre de recherche ouvrira au printemps "
    "et qu'il est financé par la ville pour les cinq prochaines années.",
    "es": "La universidad anunció el lunes que el nuevo centro de investigación abrirá en la "
    "primavera y que está financiado por la ciudad durante los próximos cinco años.",
    "it": "L'università ha annunciato lunedì che il nuovo centro di ricerca aprirà in primavera "
    "e che è finanziato dalla città per i prossimi cinque anni.",
    "pt": "A universidade anunciou na segunda-feira que o novo centro de pesquisa vai abrir na "
    "primavera e que é financiado pela cidade durante os próximos cinco anos.",
    "nl": "De universiteit heeft maandag bekendgemaakt dat het nieuwe onderzoekscentrum in het "
    "voorjaar opent en dat het de komende vijf jaar door de stad wordt gefinancierd.",
    "zh": "大学周一宣布，新的研究中心将于春季开放，并由市政府在未来五年内提供资金。",
    "ja": "大学は月曜日、新しい研究センターが春に開設され、"
    "今後五年間は市が資金を提供すると発表した。",
    "ko": "대학은 월요일 새로운 연구 센터가 봄에 문을 열 것이며 "
    "앞으로 5년 동안 시가 자금을 지원한다고 밝혔다.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_each_supported_language_is_detected(code: str) -> None:
    assert detect_language(SAMPLES[code]) == code


def test_the_text_overrules_a_wrong_declaration() -> None:
    assert detect_language(SAMPLES["de"], ["en-US"]) == "de"


def test_a_declaration_decides_when_the_text_is_too_short() -> None:
    assert detect_language("Open day!", ["fr-FR"]) == "fr"
    assert detect_language("Open day!") is None


def test_an_unsupported_language_is_not_mistaken_for_a_supported_one() -> None:
    polish = "Uniwersytet ogłosił w poniedziałek, że nowe centrum badawcze zostanie otwarte wiosną."
    assert detect_language(polish) is None
    assert detect_language(polish, ["pl"]) == "pl"


@pytest.mark.parametrize(
    ("raw", "code"), [("en-GB", "en"), ("zh_Hant", "zh"), ("", None), ("x-klingon!", None)]
)
def test_declared_codes_are_normalised(raw: str, code: str | None) -> None:
    assert normalise_code(raw) == code


@pytest.mark.parametrize(
    "text",
    [
        "এমপির ভাইকে নিজ বাড়ির সামনেই কুপিয়ে হত্যা করেছে দুর্বৃত্তরা, পুলিশ জানিয়েছে",  # Bengali
        "Университет объявил в понедельник, что новый исследовательский центр откроется весной.",
        "أعلنت الجامعة يوم الاثنين أن مركز الأبحاث الجديد سيفتح أبوابه في الربيع",  # Arabic
    ],
)
def test_another_script_is_never_taken_for_a_declared_latin_language(text: str) -> None:
    assert detect_language(text, ["en"]) is None  # a template's lang="en"
    assert detect_language(text, ["en", "bn"]) == "bn"  # an unsupported declaration stands


def test_a_latin_article_quoting_another_script_keeps_its_language() -> None:
    text = SAMPLES["en"] + " The sign read «Добро пожаловать» in Russian."
    assert detect_language(text) == "en"
