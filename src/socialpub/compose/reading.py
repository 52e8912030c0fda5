"""Bytes to article text: which encoding, which format, and whether it is an article at all.

Files arrive from people's desktops and from the web in whatever encoding their tool wrote:
UTF-8 with or without a byte-order mark, UTF-16 from Windows editors, Windows-1252 from older
CMS exports, GB2312 or Shift_JIS from Asian sites. The order of trust is: a byte-order mark, the
charset the server declared, the page's own ``<meta charset>``, strict UTF-8, then detection
(charset-normalizer). A PDF, an image or an archive is named as such rather than read as text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath
from typing import Literal

Format = Literal["text", "markdown", "html"]

# Far beyond any article; past them, work would cost seconds. A web page carries its scripts,
# styles and menus (news pages of 3 MB are common), so HTML may be larger than text.
MAX_ARTICLE_BYTES = 5_000_000
MAX_TEXT_BYTES = 1_000_000


class UnreadableInput(ValueError):
    """The input is not an article socialpub can read; the message says why, in one line."""


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word, OpenDocument or EPUB file is one)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "an RTF document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)
_MARKDOWN_HINT = re.compile(
    r"^(?:\s{0,3}#{1,6}\s+\S|\s{0,3}[-*+]\s+\S|\s{0,3}>\s|\s{0,3}```)|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)",
    re.MULTILINE,
)


def what_binary(data: bytes) -> str | None:
    """What ``data`` is when it is no text ("a PDF document"), or ``None`` for text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "binary data"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 written without a byte-order mark: mostly-ASCII text has every other byte zero."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _works(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _stray_byte_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """The bytes UTF-8 cannot read, read as Windows-1252 (Latin-1 where it has no character):
    what a page pasted together from a UTF-8 template and Latin-1 text holds there."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    text = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad)
    return text, error.end


_STRAY_BYTES = "socialpub-stray-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_byte_as_cp1252)


def _declared_utf8(data: bytes, encoding: str) -> str | None:
    """A page that says it is UTF-8 is read as UTF-8, as a browser does, even when a few of its
    bytes are not: one stray Latin-1 "ä" must not send the whole page to detection, which reads
    every "ä" of it as "Ă¤"."""
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    return data.decode("utf-8", errors=_STRAY_BYTES)


def decode(data: bytes, declared: str | None = None) -> str:
    """``data`` as text, by the first of: BOM, ``declared`` charset, ``<meta charset>``, strict
    UTF-8, a declared UTF-8 with stray bytes, detection. Never raises for text; lone surrogates
    never come out."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    no_bom = _utf16_without_bom(data[:4096])
    if no_bom:
        return data.decode(no_bom, errors="replace")
    meta = _META_CHARSET.search(data[:4096])
    in_page = meta.group(1).decode("ascii") if meta else None
    for candidate in (declared, in_page, "utf-8"):
        text = _works(data, candidate) if candidate else None
        if text is not None:
            return text
    for candidate in (declared, in_page):
        text = _declared_utf8(data, candidate) if candidate else None
        if text is not None:
            return text
    from charset_normalizer import from_bytes  # only for the rare file that is not UTF-8

    best = from_bytes(data[:200_000]).best()
    found = str(best.encoding) if best is not None else "cp1252"
    return data.decode(found, errors="replace")


def guess_format(text: str, name: str | None = None) -> Format:
    """The format of an article from its file name, else from what its text looks like."""
    if name:
        suffix = PurePath(name).suffix.lower()
        if suffix in (".md", ".markdown", ".mdown"):
            return "markdown"
        if suffix in (".html", ".htm", ".xhtml"):
            return "html"
        if suffix == ".txt":
            return "text"
    head = text[:5000]
    if len(_HTML_HINT.findall(head)) >= 2:
        return "html"
    if len(_MARKDOWN_HINT.findall(head)) >= 2:
        return "markdown"
    return "text"


def read_article(
    data: bytes,
    *,
    name: str | None = None,
    fmt: Format | None = None,
    declared_charset: str | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> tuple[str, Format]:
    """(text, format) of an article's bytes; ``UnreadableInput`` with a plain reason otherwise."""
    label = name or "the input"
    if len(data) > max_bytes:
        raise UnreadableInput(
            f"{label} is {len(data):,} bytes, over the {max_bytes:,}-byte limit for an article"
        )
    kind = what_binary(data)
    if kind:
        raise UnreadableInput(f"{label} is {kind}, not a text article")
    text = decode(data, declared_charset)
    fmt = fmt or guess_format(text, name)
    if fmt != "html" and len(data) > MAX_TEXT_BYTES:
        raise UnreadableInput(
            f"{label} is {len(data):,} bytes of {fmt}, over the {MAX_TEXT_BYTES:,}-byte limit"
        )
    return text, fmt
