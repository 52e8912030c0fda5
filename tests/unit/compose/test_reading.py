"""Bytes from desktops and the web become article text in their own encoding, or a plain error."""

from __future__ import annotations

import codecs

import pytest

from socialpub.compose.reading import UnreadableInput, decode, guess_format, read_article

GERMAN = "Die Universität Köln eröffnet ein Zentrum für Klimaforschung – „ein großer Schritt“."
CHINESE = "北京大学今天宣布成立新的气候研究中心。该中心将有四十名研究人员。"


@pytest.mark.parametrize(
    "data",
    [
        GERMAN.encode("utf-8"),
        codecs.BOM_UTF8 + GERMAN.encode("utf-8"),
        codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"),
        GERMAN.encode("utf-16-le"),  # Notepad's "Unicode" without a mark
        GERMAN.encode("cp1252"),
    ],
)
def test_every_common_encoding_of_a_file_reads_as_the_same_text(data: bytes) -> None:
    assert decode(data) == GERMAN


def test_a_page_declares_its_own_charset() -> None:
    page = f'<html><head><meta charset="gb2312"></head><body><p>{CHINESE}</p></body></html>'
    text, fmt = read_article(page.encode("gb2312"))
    assert CHINESE in text and fmt == "html"


def test_the_servers_charset_wins_over_guessing() -> None:
    assert decode("Café déjà vu".encode("latin-1"), "iso-8859-1") == "Café déjà vu"


def test_undeclared_gb2312_is_detected() -> None:
    text = (CHINESE * 20).encode("gb2312")
    assert decode(text).startswith(CHINESE)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive"),
        (b"abc\x00\x01\x02\x03def\x00\x00\xff", "binary data"),
    ],
)
def test_no_text_is_named_in_one_line(data: bytes, kind: str) -> None:
    with pytest.raises(UnreadableInput, match=kind) as error:
        read_article(data, name="report.pdf")
    assert "\n" not in str(error.value) and "report.pdf" in str(error.value)


def test_an_oversized_file_is_refused_before_it_is_read_as_text() -> None:
    with pytest.raises(UnreadableInput, match="over the 1,000-byte limit"):
        read_article(b"a" * 1001, max_bytes=1000)


@pytest.mark.parametrize(
    ("text", "name", "fmt"),
    [
        ("# Title\n\nSome *words* and a [link](https://example.org).\n\n- item", None, "markdown"),
        ("<!doctype html><html><body><p>Hello</p></body></html>", None, "html"),
        ("Plain words.\nMore plain words.", None, "text"),
        ("<p>x</p><div>y</div>", "notes.md", "markdown"),
        ("# not a heading", "post.txt", "text"),
    ],
)
def test_the_format_is_guessed_from_the_name_then_the_text(
    text: str, name: str | None, fmt: str
) -> None:
    assert guess_format(text, name) == fmt


def test_a_page_declared_utf8_keeps_its_utf8_when_a_few_bytes_are_latin1() -> None:
    # a UTF-8 template around one paragraph pasted in Latin-1: detection would read the page as
    # another charset and turn every "ä" of the UTF-8 part into two letters
    page = (
        b'<html><head><meta charset="UTF-8"></head><body>'
        + ("<p>" + GERMAN + "</p>").encode("utf-8") * 20
        + "<p>Schafe grasen auf der Wiese in Köln.</p></body></html>".encode("latin-1")
    )
    text = decode(page)
    assert text.count(GERMAN) == 20
    assert "Wiese in Köln." in text


def test_a_server_declared_utf8_reads_stray_windows_1252_bytes_as_that_charset() -> None:
    data = "Preis: 5 € – fertig".encode("cp1252") + " und Grüße".encode()
    assert decode(data, "utf-8") == "Preis: 5 € – fertig und Grüße"
