"""Clean an article: the words its author wrote, without the page around them.

HTML goes through trafilatura (main-content extraction); Markdown is reduced to plain text; then
every format goes through the same line rules, which drop what scraped pages add around an
article (menus, share buttons, cookie and copyright notices, disclaimers, bylines, a repeated
title) and lift a trailing line of hashtags out of the text as the article's own tags. A rule
only ever removes a whole line that matches it, so prose is never cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from socialpub.compose.lexicon import words_of
from socialpub.compose.sentences import split_sentences

Format = Literal["text", "markdown", "html"]

_HASHTAG = re.compile(r"(?<![\w&#])#([^\W\d_][\w]*)")
_HASHTAG_LINE = re.compile(r"^(?:[#＃][^\W_][\w]*[\s,;|·•]*)+$")
_BOILERPLATE = re.compile(
    r"""
    by\ (?:using|continuing\ to\ use|visiting)\ (?:this|our)\ (?:site|website|service)
    | all\ rights\ reserved | ^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}|$)
    | \b(?:we|this\ (?:site|website))\ uses?\ cookies\b | \bcookie\ (?:policy|settings|preferences)
    | ^disclaimer\b | \bfor\ (?:general\ )?informational\ purposes\ only\b
    | \bnot\ (?:intended\ (?:as|to\ be)\ |meant\ as\ |constitute\ |a\ substitute\ for\ )+
      (?:professional\ )?(?:medical|legal|financial|investment)\ advice\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Sentences that are part of a notice only when a notice sits in the same paragraph: "Always
# consult your doctor." closes a disclaimer, but is also something an article may report.
_NOTICE_COMPANION = re.compile(
    r"""
    \bconsult\ (?:your|a|an)\ (?:own\ )?(?:doctor|physician|lawyer|attorney|pharmacist
      |health\ ?care\ (?:provider|professional)|(?:financial\ |legal\ )?advis[eo]r)
    | \bseek\ (?:professional|medical|legal)\ (?:advice|help) | \bviews\ expressed\b
    | \bterms\ (?:of\ (?:use|service)|and\ conditions)\b | \bprivacy\ policy\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Only short lines are judged by these: a sentence of an article may well start "Published in".
_SHORT_BOILERPLATE = re.compile(
    r"""
    ^(?:sign\ up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox)
    | ^(?:follow\ us|share\ (?:this|on|via)|click\ here|read\ more|related\ (?:articles|stories))
    | ^(?:advertisement|sponsored(?:\ content)?|skip\ to\ (?:main\ )?content)\s*$
    | ^(?:image|photo|picture)\ (?:caption|copyright|credit)\b | ^(?:photo|credit|source):\s
    | ^(?:published|updated|posted|last\ (?:updated|modified))\b(?!.*[.!?]$).{0,40}\d
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SHORT_WORDS = 14
_BYLINE = re.compile(
    r"^(?i:by|written\ by|words\ by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*\s*$",
    re.VERBOSE,
)
_NAV_WORDS = words_of(
    """
    home news world uk us politics business economy markets tech technology science health
    sport sports football culture arts art entertainment lifestyle life style travel food
    opinion opinions analysis video videos audio podcasts podcast live weather local
    environment climate education menu search login log in sign register account share tweet
    email e-mail print facebook twitter x linkedin whatsapp pinterest reddit telegram copy link
    comments comment more next previous back top newsletter newsletters subscribe follow us
    about contact privacy terms help sections section & and | · • / - latest trending
    """
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
_WORD = re.compile(r"[\w&|·•/'-]+")


@dataclass(frozen=True)
class Cleaned:
    title: str
    lines: tuple[str, ...]
    own_hashtags: tuple[str, ...] = field(default_factory=tuple)


def _is_nav(line: str) -> bool:
    if line.endswith((".", "!", "?", ":", '"', "”")):
        return False
    words = _WORD.findall(line.lower())
    real = [w for w in words if any(c.isalnum() for c in w)]
    return 0 < len(real) <= 8 and all(w in _NAV_WORDS for w in words)


def _norm(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def looks_like_title(line: str) -> bool:
    words = line.split()
    bare = line.rstrip().rstrip("\"'”’)]")
    return 0 < len(words) <= 24 and not bare.endswith((".", ",", ";", ":"))


def clean_lines(lines: Iterable[str], title: str = "") -> Cleaned:
    """Apply the line rules; ``title`` (when the source gave one) removes its repeats."""
    kept: list[str] = []
    tags: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if _HASHTAG_LINE.match(line):
            tags.extend(_HASHTAG.findall(line))
            continue
        if _BYLINE.match(line) or _is_nav(line):
            continue
        if _BOILERPLATE.search(line):
            # in a paragraph, only the sentences that are notices go: a scraped page often puts
            # "Copyright 2011 AP. All rights reserved." at the end of the article's one line
            line = " ".join(
                s
                for s in split_sentences(line)
                if not (_BOILERPLATE.search(s) or _NOTICE_COMPANION.search(s))
            )
            if not line:
                continue
        if len(line.split()) <= _SHORT_WORDS and _SHORT_BOILERPLATE.search(line):
            continue
        kept.append(line)
    if not title and len(kept) > 1 and looks_like_title(kept[0]):
        title = kept.pop(0)
    if title:
        kept = [line for line in kept if _norm(line) != _norm(title)]
    for line in kept:
        tags.extend(_HASHTAG.findall(line))
    return Cleaned(title=title, lines=tuple(kept), own_hashtags=tuple(dict.fromkeys(tags)))


_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*?^```\s*$", re.MULTILINE | re.DOTALL), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"^\s{0,3}(?:#{1,6})\s+", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE), ""),
    (re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", re.MULTILINE), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
)
_MD_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def markdown_to_text(markdown: str) -> tuple[str, str]:
    """(title, text): the first level-one heading is the title; markup is reduced to its words."""
    heading = _MD_HEADING.search(markdown)
    title = heading.group(1).strip() if heading else ""
    if heading:
        markdown = markdown[: heading.start()] + markdown[heading.end() :]
    for pattern, replacement in _MD_RULES:
        markdown = pattern.sub(replacement, markdown)
    return markdown_to_plain_title(title), markdown


def markdown_to_plain_title(title: str) -> str:
    for pattern, replacement in _MD_RULES[1:]:
        title = pattern.sub(replacement, title)
    return title.strip()


def html_to_text(markup: str) -> tuple[str, str]:
    """(title, text) of the main content of an HTML page."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    document = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=False
    )
    if isinstance(document, dict):
        title, text = str(document.get("title") or ""), str(document.get("text") or "")
    elif document is not None:
        title, text = str(document.title or ""), str(document.text or "")
    else:
        title, text = "", ""
    if not text.strip():
        # trafilatura finds no "main content" in a fragment such as a feed entry's summary
        text = strip_tags(markup)
    return title, text


_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|tr|blockquote|section|article)\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def strip_tags(markup: str) -> str:
    """Plain text of an HTML fragment, one line per block."""
    markup = _DROP.sub("", markup)
    markup = re.sub(r"<title\b[^>]*>.*?</title\s*>", "", markup, flags=re.I | re.S)
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", markup)))


def clean(raw: str, fmt: Format = "text") -> Cleaned:
    if fmt == "html":
        title, text = html_to_text(raw)
    elif fmt == "markdown":
        title, text = markdown_to_text(raw)
    else:
        title, text = "", raw
    if fmt != "html" and _ENTITY.search(text):
        text = html.unescape(text)  # scraped text often keeps "&rsquo;" and "&#8230;"
    return clean_lines(text.splitlines(), title=" ".join(title.split()))
