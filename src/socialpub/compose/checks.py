"""Is a post publishable as it is? The rules of issue 8 as checks a person (and a benchmark) reads.

This module judges; it never changes a post. It is pure (no I/O) and does not share the engine's
sentence splitter or summarizer, so that a bug in the engine cannot hide itself from its judge.

API (stable):

- ``ArticleFacts(text, title="", language=None, lead=None)``: the article as the post should
  reflect it. ``text`` is the clean body, one paragraph per line (in ``preview`` the engine's own
  extraction; in the benchmark the text a person marked). ``lead`` is the article's first real
  sentence (``first_real_sentence(text)`` finds it); ``None`` turns the news-first rule off, as
  for pages that are not news.
- ``PostFacts(platform, parts, limit, ...)``: one platform's rendered output: the post parts in
  order (one for a single post), the platform's limit and either ``count`` (the platform's
  counting function) or ``lengths`` (the counted length of each part), the link, the hashtags
  chosen, the images with their alt text, the account's hashtag limit, the hashtags a person
  typed, and ``full_thread`` when the account asked for the full text as a thread.
  ``post_facts(parts, limits, ...)`` builds one from a ``PlatformLimits``.
- ``check(article, post) -> list[PostWarning]``: every rule broken, in rule order. An empty list
  means postable.
- ``PostWarning(rule, code, message, part)``: ``rule`` is the number of the rule in issue 8
  (1-10), or 0 for the people-facing warnings (alt text, ``http://``, hashtags); ``code`` is a
  short stable name (``RULES`` lists them); ``message`` is one sentence for a person; ``part`` the
  0-based index of the thread part it concerns, or ``None`` for the post as a whole.

Helpers the engine and the benchmark may use too: ``first_real_sentence(text, language)`` (the
lead: first sentence of the first real paragraph), ``lead_carries_news(lead, language)`` (not a
quote, question, bare dateline or dangling opener), ``quotes_balanced(text)``,
``split_sentences(text, language)`` (the judge's own simple splitter) and ``heading_lines(text)``.

Each rule is one small function over a ``_Context`` (the summary recovered from the parts: link,
hashtag block and thread numbering removed; its sentences; the article normalised), so a new
rule is one more function in ``_CHECKS``. Known limits: the glued-heading rule sees a heading
only when it is the title, a line of the article without end punctuation, or followed by a
capitalised function word (not in German, CJK or Korean); Thai has no sentence stops to judge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from socialpub.compose.counting import length
from socialpub.compose.lexicon import words_of
from socialpub.compose.limits import PlatformLimits
from socialpub.compose.links import find_hashtags, find_urls
from socialpub.compose.referents import article_forms
from socialpub.compose.relativedates import relative_date

RULES: dict[str, tuple[int, str]] = {
    "not-in-article": (1, "a summary sentence is not in the article"),
    "boilerplate": (1, "a caption, credit, byline, dateline, prompt or site string"),
    "glued-heading": (2, "a heading, label or title glued into a sentence"),
    "dangling-opener": (3, "the summary opens with a word that needs earlier context"),
    "unbalanced-quotes": (4, "a quotation is cut or its quotes do not pair"),
    "repeated-sentence": (5, "the same sentence twice"),
    "mid-sentence-split": (6, "a part ends inside a sentence or inside a word"),
    "needless-thread": (6, "a thread where one sentence alone would fit one post"),
    "lead-missing": (7, "the article's lead sentence is not the summary's first"),
    "long-link-shown": (8, "a long link is shown in full on Bluesky"),
    "over-limit": (9, "a part is longer than the platform allows"),
    "room": (10, "too few or too many sentences for the platform"),
    "no-alt-text": (0, "an image without alt text"),
    "insecure-link": (0, "an http:// link"),
    "too-many-hashtags": (0, "more hashtags than the account allows"),
    "lower-case-hashtag": (0, "an all-lower-case hashtag of several words"),
    "relative-date": (0, "a day named relative to the article's ('yesterday', 'this Thursday')"),
}


@dataclass(frozen=True)
class PostWarning:
    rule: int
    code: str
    message: str
    part: int | None = None


@dataclass(frozen=True)
class ArticleFacts:
    text: str
    title: str = ""
    language: str | None = None
    lead: str | None = None


@dataclass(frozen=True)
class Image:
    name: str
    alt: str = ""


@dataclass(frozen=True)
class PostFacts:
    platform: str
    parts: tuple[str, ...]
    limit: int
    count: Callable[[str], int] | None = None
    lengths: tuple[int, ...] = ()
    link: str | None = None
    hashtags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    hashtag_limit: int | None = None
    typed_hashtags: tuple[str, ...] = ()
    full_thread: bool = False


def post_facts(
    parts: Sequence[str],
    limits: PlatformLimits,
    *,
    link: str | None = None,
    hashtags: Sequence[str] = (),
    images: Sequence[Image] = (),
    hashtag_limit: int | None = None,
    typed_hashtags: Sequence[str] = (),
    full_thread: bool = False,
) -> PostFacts:
    """A ``PostFacts`` that counts as ``limits`` does (URL weighting, graphemes, escaping)."""

    def count(text: str) -> int:
        return length(text, limits)

    return PostFacts(
        platform=limits.platform,
        parts=tuple(parts),
        limit=limits.max_length,
        count=count,
        link=link,
        hashtags=tuple(hashtags),
        images=tuple(images),
        hashtag_limit=hashtag_limit,
        typed_hashtags=tuple(typed_hashtags),
        full_thread=full_thread,
    )


# ---------------------------------------------------------------------------------------------
# Text helpers: normalising, splitting sentences, recovering the summary from the parts

ELLIPSIS = "…"
_END = ".!?。！？…။।؟۔"  # also Burmese, Devanagari, Arabic and Urdu stops
_CLOSERS = "\"'”’»›」』)）]*†"  # closing quotes, brackets, footnote marks
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_NUMBERING = re.compile(r"\s*[(\[]?\d{1,2}\s*/\s*\d{1,2}[)\]]?\s*$")
_TAG_BLOCK = re.compile(r"^(?:[#＃]\S+\s*)+$")
_BARE_LINK = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:mr|mrs|ms|dr|prof|st|jr|sr|sra|srta|mme|mlle|dott|sig|ing|nr|no|vs|etc|inc|"
    r"ltd|co|corp|gen|gov|sen|rep|rev|hon|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|ca|"
    r"abs|str|bzw|vgl|ggf|inkl|evtl|usw|dhr|mevr|bijv|pag|pág|art|ff|"
    r"z\.b|u\.a|d\.h|o\.a|e\.g|i\.e|u\.s|u\.k|a\.m|p\.m|[a-z])\.$",
    re.IGNORECASE,
)
# "am 14. September", "des 10. Jubiläums": German writes ordinals with a full stop
_ORDINAL = re.compile(
    r"(?:^|\s)\d{1,2}\.$"
    # "zum 100. Geburtstag": a longer number after an article or fused preposition
    r"|(?:^|\s)(?:zum|zur|am|im|vom|beim|der|die|das|den|dem|des|einem|seinem|ihrem)\s+\d{3,4}\.$",
    re.IGNORECASE,
)
_ORDINAL_LANGUAGES = frozenset({"de"})
_LATIN_BOUNDARY = re.compile(
    r"[.!?…]+[\"'”’»›)\]*†]*\s+(?=(?:[-–—•]\s*)?[\"'“‘„«‹(\[¿¡]?[0-9A-ZÀ-ÖØ-ÞĀ-Ž])"
    r"|[。！？]+[」』”’）)]*|[!?]+(?=[\u3040-\u9fff\uac00-\ud7af])"
)


def normalise(text: str) -> str:
    """Case, width, quotes, dashes, spaces and hashtag marks do not matter: letters and digits."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """A deliberately simple splitter (end punctuation, a space, a capital; or CJK 。！？)."""
    ordinals = language in _ORDINAL_LANGUAGES
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _LATIN_BOUNDARY.finditer(line):
            piece = line[start : match.end()]
            end = piece.rstrip().rstrip(_CLOSERS)
            if _ABBREVIATION.search(end) or (ordinals and _ORDINAL.search(end)):
                continue
            if not quotes_balanced(piece) and quotes_balanced(line[start:]):
                continue  # inside a quotation that closes later on the line
            if piece.strip():
                out.append(piece.strip())
            start = match.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return out


_TRAILING_TAGS = re.compile(r"(?:\s+[#＃][^\W_]\w*)+$")


def _without_trailing_symbols(text: str) -> str:
    """``text`` without the emoji, other symbols and hashtags a writer puts after a sentence's
    stop ("... through exam season. #Library")."""
    text = _TRAILING_TAGS.sub("", text.rstrip())
    while text and (unicodedata.category(text[-1]).startswith("S") or text[-1] in "\ufe0f\u200d"):
        text = text[:-1].rstrip()
    return text


def _ends_sentence(text: str) -> bool:
    return _without_trailing_symbols(text).rstrip(_CLOSERS).endswith(tuple(_END))


def guess_language(text: str, language: str | None) -> str:
    """The given language code's first subtag, or a guess from the script (Latin: English)."""
    if language:
        return language.lower().replace("_", "-").split("-")[0]
    sample = text[:2000]
    letters = sum(ch.isalpha() for ch in sample)
    cjk = len(_CJK.findall(sample))
    if not cjk or cjk < letters * 0.3:  # a Latin text quoting a few Chinese characters
        return "en"
    if len(_HANGUL.findall(sample)) > cjk / 2:
        return "ko"
    return "ja" if len(_KANA.findall(sample)) > cjk / 10 else "zh"


def _is_link_block(block: str, link: str | None) -> bool:
    block = block.strip()
    if not block or any(ch.isspace() for ch in block):
        return False
    if link and (block == link or block.rstrip(ELLIPSIS) in link):
        return True
    return bool(_BARE_LINK.match(block.rstrip(ELLIPSIS)))


@dataclass(frozen=True)
class _Part:
    index: int
    text: str  # the whole part as posted
    body: str  # the summary text in it: no link, hashtag block or numbering


def _parts(post: PostFacts) -> list[_Part]:
    out = []
    for index, text in enumerate(post.parts):
        blocks = [b for b in text.split("\n\n") if b.strip()]
        kept = [
            b
            for b in blocks
            if not _is_link_block(b, post.link) and not _TAG_BLOCK.match(b.strip())
        ]
        body = "\n".join(kept).strip()
        if len(post.parts) > 1:
            body = _NUMBERING.sub("", body)
        for start, end in reversed(find_urls(body)):  # a link written inside the text
            body = (body[:start] + body[end:]).strip()
        out.append(_Part(index, text, body))
    return out


def _summary_sentences(parts: Sequence[_Part], language: str) -> list[str]:
    bodies = [p.body for p in parts if p.body]
    # a sentence a thread carries over two parts ("… 1/2", "… 2/2") is one sentence again
    bodies = [b.removesuffix(ELLIPSIS) if i < len(bodies) - 1 else b for i, b in enumerate(bodies)]
    body = " ".join(bodies)
    body = re.sub(r"(?<!\S)[#＃](?=\w)", "", body)  # inline hashtags are words of the summary
    return split_sentences(body, language)


def _cut(sentence: str) -> str:
    """The sentence without a trailing ellipsis the fitter added (and without what precedes it
    being a whole sentence, so it is matched as a prefix)."""
    return sentence[: -len(ELLIPSIS)] if sentence.endswith(ELLIPSIS) else sentence


# ---------------------------------------------------------------------------------------------
# The rules


@dataclass(frozen=True)
class _Context:
    article: ArticleFacts
    post: PostFacts
    parts: list[_Part]
    sentences: list[str]
    language: str
    article_norm: str
    headings: tuple[str, ...] = field(default=())


def _warn(code: str, message: str, part: int | None = None) -> PostWarning:
    return PostWarning(RULES[code][0], code, message, part)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + ELLIPSIS


def check_in_article(c: _Context) -> list[PostWarning]:
    """Rule 1: every summary sentence is found in the article text (a cut one as a prefix), or
    is one the summarizer named a person in ("Der 67-jährige Ewald Ferlemann betreibt …" for
    the article's "Der 67-Jährige betreibt …", whose name the article gives)."""
    out = []
    for sentence in c.sentences:
        norm = normalise(_cut(sentence))
        if norm and norm not in c.article_norm and not _named_in_article(sentence, c):
            out.append(_warn("not-in-article", f"text not in the article: “{_short(sentence)}”"))
    return out


def _named_in_article(sentence: str, c: _Context) -> bool:
    return any(
        normalise(_cut(form)) in c.article_norm and normalise(name) in c.article_norm
        for form, name in article_forms(sentence, c.language)
    )


_I = re.IGNORECASE
_BOILERPLATE = [
    re.compile(pattern, flags)
    for pattern, flags in (
        # captions and credits: "… Photo: AP", "(Credit: Jane Doe / Grist)", "Getty Images"
        (
            r"\b(?:photo|photograph|image|picture|foto|bild|crédit|credit|credits|source|quelle"
            r"|illustration|video)s?\s*(?:credit)?\s*:\s*\S",
            _I,
        ),
        (r"\(\s*(?:photo|image|credit|foto|bild|crédit|source|quelle)s?\s*[:/]", _I),
        (
            r"\b(?:getty images|shutterstock|istockphoto|ap photo|afp photo|reuters/|/reuters|"
            r"picture alliance|picture-alliance|imago images|epa-efe)\b",
            _I,
        ),
        # bylines ("By Aaron Humes: …", "Von Anna Schmidt |") and publishing dates
        (
            r"^(?:By|BY|Von|VON|Par|PAR|Por|POR|Door)\s+[A-ZÀ-Þ][\w.'’-]+"
            r"(?:\s+[A-ZÀ-Þ][\w.'’-]+){1,3}\s*(?:[:|,–—]|-\s|$)",
            0,
        ),
        (r"^(?:written by|reported by|autor(?:in)?:|author:|auteur\s*:)", _I),
        (
            r"\b(?:posted|published|updated|last updated|veröffentlicht|aktualisiert|publié|"
            r"mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt)"
            r"\s*(?:on|am|le|el|il|op)?\s*:",
            _I,
        ),
        (r"^(?:Posted|Published|Updated) (?:on )?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\b", 0),
        # datelines: "WASHINGTON (Reuters) - …", "BERLIN, 3. Mai (dpa) – …", "LONDON — …"
        (
            r"^[A-ZÀ-Þ]{3,}(?:[ .'’-]+[A-ZÀ-Þ]+)*(?:,\s*[\w. ]{1,20})?\s*"
            r"(?:\([\w /.-]{2,20}\))?\s*[-–—]\s",
            0,
        ),
        (r"^\([A-Za-z/ .-]{2,12}\)\s*[-–—]\s", 0),
        # related items, prompts, "was this page helpful"
        (
            r"^(?:related|related news|related articles|read more|read also|see also|more from|"
            r"recommended|lesen sie auch|mehr zum thema|auch interessant|lire aussi|"
            r"à lire aussi|voir aussi|lee también|leer más|te puede interesar|leggi anche|"
            r"leia também|leia mais|lees ook|meer over)\b|^(?:相关阅读|関連記事|관련 기사)",
            _I,
        ),
        (
            r"\b(?:we use cookies|accept (?:all )?cookies|cookie (?:policy|settings|consent)|"
            r"cookies? (?:gemäß|werden|verwenden|helfen)|(?:wir|nous|usamos|utilizziamo) "
            r"(?:verwenden|nutzen|utilisons|utilizamos)? ?(?:des )?cookies|"
            r"datenschutzerklärung|politique de confidentialité|política de privacidad|"
            r"sign up (?:for|to) (?:our|the) newsletter|subscribe to (?:our|the) newsletter|"
            r"subscribe now|newsletter abonnieren|jetzt abonnieren|abonnez-vous|"
            r"inscrivez-vous à (?:notre|la) newsletter|suscríbete|iscriviti alla newsletter|"
            r"assine (?:a|nossa) newsletter|schrijf je in voor)",
            _I,
        ),
        (
            r"\b(?:share this|share on (?:facebook|twitter|x|linkedin|whatsapp)|follow us on|"
            r"click here|tap here|diesen artikel teilen|partager sur|partager cet article|"
            r"compartir en|condividi su|partilhe este|deel dit artikel)\b",
            _I,
        ),
        (
            r"was this (?:page|article) (?:helpful|useful)|war diese seite hilfreich|"
            r"cette page vous a-t-elle été utile|te ha resultado útil|"
            r"questa pagina ti è stata utile",
            _I,
        ),
        # copyright and disclaimers
        (
            r"©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved|"
            r"alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
            r"tutti i diritti riservati|alle rechten voorbehouden|^disclaimer\b|"
            r"not a substitute for professional|agree to (?:our|the) (?:terms|privacy)",
            _I,
        ),
        # site and CMS interface strings, template code
        (
            r"\b(?:skip to (?:main )?content|toggle navigation|javascript (?:is )?(?:disabled|"
            r"required)|enable javascript|lorem ipsum|leave a (?:comment|reply)|"
            r"your email address will not be|save draft|add new post|insert media|filed under|"
            r"page not found)\b",
            _I,
        ),
        (r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>|\$\{[^}]*\}", 0),
    )
]


def check_boilerplate(c: _Context) -> list[PostWarning]:
    """Rule 1: no caption, credit, byline, dateline, prompt, copyright or CMS string."""
    out = []
    for sentence in c.sentences:
        if any(p.search(sentence) for p in _BOILERPLATE):
            out.append(_warn("boilerplate", f"page boilerplate in the post: “{_short(sentence)}”"))
    return out


# Capitalised words that start a sentence and hardly ever stand capitalised inside one: seen
# mid-sentence, right after a word with no punctuation, they mark a heading glued to the text.
# (German capitalises nouns, and "Sie" is polite "you": only pronouns there.)
_STARTERS = {
    "en": "The An He She They We It Its This These Those Officials Police According After When "
    "While In On At",
    "de": "Er Es Wir Ihr Laut Nach Am Im Seit Heute Gestern",
    "fr": "Le La Les Il Elle Ils Elles Un Une Selon Dans Depuis Après Lundi Mardi Mercredi",
    "es": "El La Los Las Él Ella Ellos Un Una Según Tras Desde Este Esta",
    "it": "Il Lo La Gli Le Lui Lei Loro Un Una Secondo Dopo Questo Questa",
    "pt": "O A Os As Ele Ela Eles Um Uma Segundo Após Este Esta",
    "nl": "De Het Een Hij Zij Ze Volgens Na Deze Dit",
}
_STARTER_RES = {
    lang: re.compile(r"(?<=[\w\d%])\s+(" + "|".join(words.split()) + r")\s+(?=[a-zà-ÿ])")
    for lang, words in _STARTERS.items()
}


def _glued(sentence: str, line: str) -> bool:
    """``sentence`` holds ``line`` (a title or heading without end punctuation) and goes straight
    on with a new sentence's start (a capital, a digit, CJK) and no stop between them."""
    if len(normalise(line)) < 12 or _ends_sentence(line):
        return False
    words = re.findall(r"\w+", line)
    if len(words) < 2 and not _CJK.search(line):
        return False
    pattern = r"\W*".join(re.escape(w) for w in words)
    for match in re.finditer(pattern, sentence, re.IGNORECASE):
        rest = sentence[match.end() :].lstrip(" \t\"'“”‘’„«»()–—-")
        if rest and (rest[0].isupper() or rest[0].isdigit() or bool(_CJK.match(rest[0]))):
            return True
    return False


def check_glued_headings(c: _Context) -> list[PostWarning]:
    """Rule 2: no title, heading or label line (no end punctuation) run into a sentence."""
    out = []
    lines = [c.article.title, *c.headings] if c.article.title else list(c.headings)
    starters = _STARTER_RES.get(c.language)
    for sentence in c.sentences:
        glued = next((line for line in lines if line and _glued(sentence, line)), None)
        if glued is not None:
            out.append(_warn("glued-heading", f"heading run into the text: “{_short(glued)}”"))
            continue
        match = starters.search(sentence) if starters else None
        if match is not None and not _inside_quote(sentence, match.start()):
            head = sentence[: match.start()].strip()
            out.append(
                _warn("glued-heading", f"“{_short(head, 50)}” runs into “{match.group(1)} …”")
            )
    return out


def _inside_quote(sentence: str, position: int) -> bool:
    before = sentence[:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


# Openers that need an earlier sentence: pronouns, demonstratives and connectives. Multi-word
# openers are listed whole; a demonstrative followed by a time word ("This week") is news, not a
# reference back, and is allowed.
_OPENERS = {
    "en": "he she it they him her his its their them this that these those such also but and or "
    "so however moreover furthermore meanwhile therefore thus yet still besides nevertheless "
    "nonetheless instead then later additionally consequently hence otherwise indeed another "
    "likewise similarly both|as a result|in addition|on the other hand|at the same time|"
    "for example|for instance|in contrast|by contrast|even so|after that|that's|it's|he's|"
    "she's|they're",
    "de": "er sie es ihr ihm ihn ihre ihren sein seine seinen dies diese dieser dieses diesen "
    "dort damit dabei daher deshalb deswegen dennoch trotzdem außerdem zudem allerdings aber und "
    "oder doch jedoch auch also darüber dazu danach davor dafür somit folglich hingegen "
    "stattdessen ebenfalls ebenso zwar sondern",
    "fr": "il elle ils elles lui leur leurs ce cela ceci ça cette ces celui celle ceux celles "
    "mais et ou donc cependant pourtant toutefois néanmoins ainsi aussi alors puis ensuite or "
    "également|en outre|de plus|par ailleurs|en revanche|d'ailleurs|d’ailleurs|c'est|c’est",
    "es": "él ella ellos ellas esto esta este estos estas eso esa ese esos esas ello pero y o "
    "además también así entonces luego aunque asimismo incluso|sin embargo|por otro lado|"
    "por lo tanto|no obstante|por eso",
    "it": "lui lei loro esso essa essi esse questo questa questi queste quello quella quelli "
    "ciò ma e o però tuttavia inoltre anche quindi dunque così poi infine invece allora "
    "pertanto comunque|in questo modo|per questo",
    "pt": "ele ela eles elas isso isto esse essa este esta esses essas aquilo mas e ou porém "
    "contudo entretanto todavia também assim então depois ainda portanto|além disso|"
    "no entanto|por isso",
    "nl": "hij zij ze hem haar hun dit dat deze die maar en of echter bovendien ook daarom dus "
    "toch daarnaast verder vervolgens daarna zo|daardoor|desondanks",
}
_TIME_WORDS = words_of(
    "week weekend month year morning afternoon evening night spring summer autumn fall winter "
    "season time woche monat jahr jahres morgen sommer winter herbst frühling semaine mois année "
    "an matin soir été hiver automne printemps semana mes año mañana verano invierno settimana "
    "mese anno mattina estate inverno mês ano manhã verão inverno jaar maand ochtend zomer"
)
_CJK_OPENERS = {
    "zh": "他 她 它 这 那 此 其 该 但 而 然而 因此 所以 不过 同时 此外 另外 并且 于是 可是 因而 也",
    "ja": "彼 それ これ その この あの そして しかし だが また さらに ただ なお 一方 だから でも "
    "つまり 同社 同氏 同日 同省 同市 同大",
    "ko": "그 그는 그녀는 그가 그녀가 그들은 그러나 그리고 그래서 "
    "그런데 그러면서 하지만 또한 또 이는 이에 이후 이것은 "
    "이러한 이런 이와 따라서 한편 게다가 반면 다만",
}


def _opener(sentence: str, language: str) -> str | None:
    """The context-needing word or phrase ``sentence`` starts with, if any."""
    text = sentence.lstrip("\"'“‘„«»([¿¡ ")
    if language in ("zh", "ja"):
        return next((w for w in _CJK_OPENERS[language].split() if text.startswith(w)), None)
    words = re.findall(r"[\w'’-]+", text.lower())
    if not words:
        return None
    if language == "ko":
        first_word: str = words[0]
        return first_word if first_word in _CJK_OPENERS["ko"].split() else None
    singles, _, phrases = _OPENERS.get(language, _OPENERS["en"]).partition("|")
    for phrase in phrases.split("|"):
        if phrase and " ".join(words[: len(phrase.split())]) == phrase:
            return phrase
    first: str = words[0]
    if first not in singles.split():
        return None
    if len(words) > 1 and words[1] in _TIME_WORDS:
        return None  # "This week", "Diese Woche", "Cette semaine"
    return first


def check_dangling_opener(c: _Context) -> list[PostWarning]:
    """Rule 3: the summary does not open with a pronoun or connective needing earlier context."""
    if not c.sentences:
        return []
    word = _opener(c.sentences[0], c.language)
    if word is None:
        return []
    first = next((p.index for p in c.parts if p.body), 0)
    return [_warn("dangling-opener", f"starts with “{word}”, which needs earlier context", first)]


_PAIRS = {"“": "”", "„": "“”", "«": "»", "»": "«", "‹": "›", "「": "」", "『": "』"}
_STRAY_CLOSERS = set("”」』›")


def quotes_balanced(text: str) -> bool:
    """Straight, curly, «», „“, »«, 「」 quotes pair up (apostrophes and ‘’ are ignored)."""
    stack: list[str] = []
    for ch in text:
        if ch == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append(ch)
        elif stack and ch in _PAIRS.get(stack[-1], ""):
            stack.pop()
        elif ch in _PAIRS:
            stack.append(ch)
        elif ch in _STRAY_CLOSERS:
            return False
    return not stack


def check_quotes(c: _Context) -> list[PostWarning]:
    """Rule 4: quotations stay whole; quotes are balanced over the whole summary."""
    body = " ".join(s for s in c.sentences)
    if quotes_balanced(body):
        return []
    return [_warn("unbalanced-quotes", "a quotation is cut: its quotation marks do not pair")]


def check_repeats(c: _Context) -> list[PostWarning]:
    """Rule 5: no sentence appears twice."""
    seen: set[str] = set()
    out = []
    for sentence in c.sentences:
        norm = normalise(_cut(sentence))
        if len(norm) < 12:
            continue
        if norm in seen:
            out.append(_warn("repeated-sentence", f"said twice: “{_short(sentence)}”"))
        seen.add(norm)
    return out


_WORD_BEFORE_ELLIPSIS = re.compile(r"(\w+)\s*(?:…|\.\.\.)\W*$")


def _cut_mid_word(body: str, article_text: str) -> bool:
    """The word before a closing ellipsis occurs in the article only inside longer words."""
    match = _WORD_BEFORE_ELLIPSIS.search(body)
    if match is None or _CJK.search(match.group(1)):
        return False
    word = match.group(1)
    whole = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", article_text, re.IGNORECASE)
    inside = re.search(rf"{re.escape(word)}\w", article_text, re.IGNORECASE)
    return whole is None and inside is not None


def check_thread_splits(c: _Context) -> list[PostWarning]:
    """Rule 6: each part ends a sentence (or a clause with an ellipsis), never inside a word;
    and a thread is used only when no single sentence would fit one post."""
    out = []
    for part in c.parts:
        if not part.body:
            continue
        if not _ends_sentence(part.body):
            where = f"part {part.index + 1}" if len(c.parts) > 1 else "the post"
            out.append(
                _warn(
                    "mid-sentence-split",
                    f"{where} ends mid-sentence: “…{part.body[-40:]}”",
                    part.index,
                )
            )
        elif _cut_mid_word(part.body, c.article.text):
            out.append(
                _warn(
                    "mid-sentence-split", f"part {part.index + 1} is cut inside a word", part.index
                )
            )
    if len(c.parts) > 1 and not c.post.full_thread and c.post.count is not None:
        tail = [b for b in c.parts[0].text.split("\n\n")[1:] if b.strip()]
        for sentence in c.sentences:
            if c.post.count("\n\n".join([sentence, *tail])) <= c.post.limit:
                out.append(
                    _warn(
                        "needless-thread",
                        f"a {len(c.parts)}-part thread, though “{_short(sentence, 40)}” "
                        "alone fits one post",
                    )
                )
                break
    return out


_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,}(?:,\s*[\w. ]{1,20})?\s*(?:\([\w /.-]{2,20}\))?"
    r"(?:\s+via\s+[A-ZÀ-Þ][\w.&'’-]*(?:\s+[A-ZÀ-Þ][\w.&'’-]*){0,2})?"  # "KVELLER via JTA — "
    r"\s*(?:--|[-–—:])\s+"
    # a city in any case with its agency: "Frankfurt/Main (dpa) - ", "SEOUL, Aug. 20 (Yonhap) -- "
    r"|^[A-ZÀ-Þ][\w.'’/-]*(?:[ ,]+[\w.'’/-]+){0,4}\s*\((?i:dpa|afp|ap|reuters|kna|epd|apa|sda"
    r"|ots|ddp|ansa|efe|anp|belga|yonhap|cnn|upi|xinhua|sid|iwr-pressedienst)(?:/[\w-]{1,12})?\)"
    r"\s*(?:--|[-–—:])\s+"
)


def lead_carries_news(lead: str, language: str | None = None) -> bool:
    """A lead that is a quotation, a question or only a dateline carries no news of its own; nor
    does one that leans on words before it ("Auch neueste Technik …"), which rule 3 forbids."""
    text = lead.strip()
    if not text or text[0] in "\"'“‘„«»「『" or text.rstrip(_CLOSERS).endswith(("?", "？")):
        return False
    if _opener(text, guess_language(text, language)) is not None:
        return False
    rest = _DATELINE.sub("", text)
    return len(normalise(rest)) >= 20


def first_real_sentence(text: str, language: str | None = None) -> str | None:
    """The article's lead: the first sentence of its first real paragraph, a line that ends like
    a sentence and has eight words or more (twenty CJK characters); shorter lines are headings,
    labels, captions or teasers, and so is a paragraph the site cut off with an ellipsis."""
    language = guess_language(text, language)
    for line in text.splitlines():
        line = line.strip()
        cjk = len(_CJK.findall(line))
        ends = _ends_sentence(line) or line.endswith(":")  # a paragraph that shows a picture next
        if not ends or (len(line.split()) < 8 and cjk < 20):
            continue
        if line.endswith(("...", ELLIPSIS)):
            continue  # "Nachdem nach langer Diskussion der Stadtrat...": a teaser of another page
        sentences = split_sentences(line, language)
        return sentences[0] if sentences else None
    return None


def check_news_first(c: _Context) -> list[PostWarning]:
    """Rule 7: the lead (the first real sentence) opens the summary unless it carries no news."""
    lead = c.article.lead
    if not lead or not lead_carries_news(lead, c.language) or not c.sentences:
        return []
    first = normalise(_cut(c.sentences[0]))
    wanted = normalise(_DATELINE.sub("", lead.strip()))
    whole = normalise(lead)
    if first and (wanted.startswith(first) or whole.startswith(first) or first.startswith(wanted)):
        return []
    if _sets_the_scene(lead, c.sentences[0], c.article.title):
        return []
    return [_warn("lead-missing", f"the summary does not start with the lead: “{_short(lead)}”")]


_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")
_SHARED_HEAD = 5  # letters a compound shares with a headline word ("Ammoniak-Spaltung")


def _headline_words(text: str) -> set[str]:
    return {w.lower() for w in _TITLE_WORD.findall(text)}


def _shares(words: set[str], headline: set[str]) -> int:
    return sum(
        1
        for h in headline
        if any(
            w == h or (len(h) >= _SHARED_HEAD and (w.startswith(h[:_SHARED_HEAD]))) for w in words
        )
    )


def _sets_the_scene(lead: str, opener: str, title: str) -> bool:
    """A feature's opening that shares no word with the headline sets a scene ("In Hamburg
    kommt man aktuell kaum an dem Thema vorbei."): a post may open instead with a sentence that
    carries the headline's news, sharing two of its words or more."""
    headline = _headline_words(title)
    if not headline or _shares(_headline_words(lead), headline):
        return False
    return _shares(_headline_words(opener), headline) >= 2


_BLUESKY_SHOWN = 30  # the official app shows a link as host and path start, then "…"


def check_long_links(c: _Context) -> list[PostWarning]:
    """Rule 8: on Bluesky a long link is shown shortened (the facet carries the full URL)."""
    if c.post.platform != "bluesky":
        return []
    out = []
    for part in c.parts:
        for start, end in find_urls(part.text):
            if end - start > _BLUESKY_SHOWN:
                shown = _short(part.text[start:end], 40)
                out.append(
                    _warn("long-link-shown", f"link shown in full on Bluesky: {shown}", part.index)
                )
    return out


def check_limits(c: _Context) -> list[PostWarning]:
    """Rule 9: every part within the platform's count."""
    if c.post.count is not None:
        counted = [c.post.count(p) for p in c.post.parts]
    else:
        counted = list(c.post.lengths)
    return [
        _warn("over-limit", f"part {i + 1} counts {n} of {c.post.limit}", i)
        for i, n in enumerate(counted)
        if n > c.post.limit
    ]


_ROOM = {"x": (1, 2), "twitter": (1, 2), "bluesky": (1, 2), "mastodon": (1, 3), "linkedin": (1, 3)}


def check_room(c: _Context) -> list[PostWarning]:
    """Rule 10: X and Bluesky carry one or two sentences, LinkedIn and Mastodon up to three."""
    room = _ROOM.get(c.post.platform)
    if room is None:
        return []
    n = len(c.sentences)
    if n < room[0]:
        return [_warn("room", "no summary sentence, only a link or hashtags")]
    if n > room[1] and not c.post.full_thread:
        return [_warn("room", f"{n} sentences; {c.post.platform} takes at most {room[1]}")]
    return []


def check_people_facing(c: _Context) -> list[PostWarning]:
    """Alt text, http:// links, the account's hashtag limit, lower-case multi-word hashtags."""
    out = [
        _warn("no-alt-text", f"image {image.name} has no alt text")
        for image in c.post.images
        if not image.alt.strip()
    ]
    links = [c.post.link or ""] + [p.text[s:e] for p in c.parts for s, e in find_urls(p.text)]
    if any(link.lower().startswith("http://") for link in links):
        out.append(_warn("insecure-link", "the link starts with http://, not https://"))
    if c.post.hashtag_limit is not None:
        used = {t.casefold() for p in c.parts for _, _, t in find_hashtags(p.text)}
        used |= {t.casefold().lstrip("#") for t in c.post.hashtags}
        if len(used) > c.post.hashtag_limit:
            out.append(
                _warn(
                    "too-many-hashtags",
                    f"{len(used)} hashtags; the account allows {c.post.hashtag_limit}",
                )
            )
    vocabulary = {w for w in re.findall(r"[^\W\d_]{3,}", c.article.text.casefold())}
    for tag in c.post.typed_hashtags:
        tag = tag.lstrip("#＃")
        if tag.islower() and tag.isalpha() and _several_words(tag, vocabulary):
            out.append(
                _warn(
                    "lower-case-hashtag",
                    f"#{tag} is hard to read aloud; capitalise each word (#CamelCase)",
                )
            )
    return out


def _several_words(tag: str, vocabulary: set[str]) -> bool:
    """``tag`` splits into two or more words of the article (or is too long to be one word)."""
    if len(tag) >= 16:
        return True
    return any(
        tag[:i] in vocabulary and (tag[i:] in vocabulary or _several_words(tag[i:], vocabulary))
        for i in range(3, len(tag) - 2)
    )


def check_relative_dates(c: _Context) -> list[PostWarning]:
    """A day the article names relative to its own ("yesterday", "este jueves") is another day,
    or no day a reader can tell, in a post that goes out later: give the date instead."""
    out = []
    for sentence in c.sentences:
        phrase = relative_date(sentence, c.language)
        if phrase:
            out.append(
                _warn(
                    "relative-date",
                    f"“{phrase}” is right only on the day the article appeared; give the date",
                )
            )
    return out


_CHECKS: tuple[Callable[[_Context], list[PostWarning]], ...] = (
    check_in_article,
    check_boilerplate,
    check_glued_headings,
    check_dangling_opener,
    check_quotes,
    check_repeats,
    check_thread_splits,
    check_news_first,
    check_long_links,
    check_limits,
    check_room,
    check_people_facing,
    check_relative_dates,
)


def heading_lines(text: str) -> tuple[str, ...]:
    """Lines of the article without end punctuation: headings, labels, captions."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not _ends_sentence(line) and not line.endswith(":") and len(line) <= 150:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=16)
def _article_context(article: ArticleFacts) -> tuple[str, str, tuple[str, ...]]:
    """What every post of one article is judged against. Kept for a few articles: a preview
    checks one article's posts for several accounts, and again on each edit of a post."""
    language = guess_language(article.text or article.title, article.language)
    return language, normalise(article.text), heading_lines(article.text)


def check(article: ArticleFacts, post: PostFacts) -> list[PostWarning]:
    """Every rule ``post`` breaks, rules in order; an empty list means publishable as it is."""
    parts = _parts(post)
    language, article_norm, headings = _article_context(article)
    context = _Context(
        article=article,
        post=post,
        parts=parts,
        sentences=_summary_sentences(parts, language),
        language=language,
        article_norm=article_norm,
        headings=headings,
    )
    return [warning for rule in _CHECKS for warning in rule(context)]
