"""A paywall's scrambled letters are no article text; prose in any Latin-script language is."""

from __future__ import annotations

import pytest

from socialpub.compose.post import NoArticle, clean_article
from socialpub.compose.scrambled import scrambled

SCRAMBLED = (
    "Bjagybpvymp Tfcfh dr Hqsemx, ahp Oogu iah fudvs Kvd gof gqnxvdzczdo rxnq mhe Wwfc vthwk "
    "Ujzc mrl duezohzewkey Tzkd xm Kprc paxobb."
)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        (  # German compounds
            "Die Bundesregierung hat am Mittwoch die Vorratsdatenspeicherung und die "
            "Kindergrundsicherung im Bundeskabinett beschlossen.",
            "de",
        ),
        (  # a quotation in another language of the page
            "Somos personas en Alemania, personas del movimiento occupy, somos el 99%, que no "
            "benefician de la crisis.",
            "de",
        ),
        (  # a line-up of names
            "Neuer, Kimmich, Upamecano, Davies, Goretzka, Musiala, Sané, Gnabry, Müller und "
            "Choupo-Moting standen in der Startelf.",
            "de",
        ),
        (
            "最佳国语女歌手奖，获得了最佳专辑制作人奖和最佳国语女歌手奖，凭借此专辑入围第11届台湾金曲奖",
            "zh",
        ),
    ],
)
def test_prose_is_not_scrambled(line: str, language: str) -> None:
    assert not scrambled(line, language)


def test_scrambled_lines_go_and_an_article_mostly_of_them_is_none() -> None:
    assert scrambled(SCRAMBLED, "de")
    text = "Graffiti am Bonner Rathaus\n" + "\n".join([SCRAMBLED, "Kgm shk Jjea cvt", SCRAMBLED])
    with pytest.raises(NoArticle, match="scrambled"):
        clean_article(text, "text", language_hints=("de",))
    readable = [
        "Die Stadt Bonn lässt die Graffiti am Rathaus entfernen, sagte ein Sprecher am Montag.",
        "Die Reinigung der Fassade soll zwei Wochen dauern und wird von einer Fachfirma aus "
        "Köln übernommen, die schon das Beethovenhaus gereinigt hat.",
    ]
    article = clean_article("\n".join(["Graffiti am Rathaus", *readable, SCRAMBLED]), "text")
    assert article.text == "\n".join(readable)


def test_a_language_with_letters_beyond_latin_1_is_no_scrambling() -> None:
    polish = (
        "Skarżący powołali się na art. 6 Europejskiej konwencji o ochronie praw człowieka, "
        "który mówi o prawie do rzetelnego procesu sądowego."
    )
    assert not scrambled(polish, "pt")  # a Polish page taken for Portuguese keeps its text
