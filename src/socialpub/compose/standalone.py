"""Can a sentence stand alone at the top of a post? The rules a communications officer applies.

A post's first sentence is read without the article around it, so it must not lean on what came
before ("He said…", "However, …", "Dies zeigt…"), must not carry half a quotation, and must be a
sentence at all, not a heading or a label. The same predicates drive the summary's choice of
sentences and the warnings ``preview`` shows, so what is avoided and what is flagged never drift
apart.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from socialpub.compose.commonness import zipf
from socialpub.compose.lexicon import DATE_WORDS, FUNCTION_WORDS, words_of
from socialpub.compose.personcues import is_given_name
from socialpub.compose.sentences import ends_sentence, words

# Words and phrases that point back to something the reader has not seen. Time phrases such as
# "This week" or "Diese Woche" are not listed: they point at the calendar, not at the text.
_OPENERS: dict[str, frozenset[str]] = {
    "en": words_of(
        """
        he she it they we him her them his its their our us this these those that such
        but and or so yet however also moreover furthermore meanwhile nevertheless nonetheless
        instead still thus therefore hence besides additionally likewise similarly otherwise
        indeed then consequently accordingly anyway plus both another
        """
    ),
    "de": words_of(
        """
        er sie es ihr ihm ihn ihnen sein seine ihre dies diese dieser dieses diesem diesen
        dadurch dabei dazu damit daher darum deshalb deswegen dennoch trotzdem jedoch aber und
        oder doch allerdings auch außerdem zudem ebenso somit also folglich hierbei hierzu
        zugleich ferner weiterhin denn
        """
    ),
    "fr": words_of(
        """
        il elle ils elles ce cela ceci ça celui celle ceux celles lui leur leurs son sa ses
        mais et ou donc or cependant pourtant toutefois néanmoins aussi ainsi puis alors
        ensuite enfin également
        """
    ),
    "es": words_of(
        """
        él ella ellos ellas esto eso este esta estos estas ese esa esos esas aquel aquella
        pero y o sin además también así entonces asimismo igualmente luego
        dicho dicha dichos dichas
        """
    ),
    "it": words_of(
        """
        lui lei loro esso essa essi esse questo questa questi queste quello quella quelli
        ma e o però tuttavia inoltre anche quindi pertanto dunque così infatti poi invece
        suddetto suddetta suddetti suddette
        """
    ),
    "pt": words_of(
        """
        ele ela eles elas isto isso este esta estes estas esse essa esses essas aquele aquela
        mas e ou porém contudo todavia entretanto também assim portanto então além
        """
    ),
    "nl": words_of(
        """
        hij zij ze zijn haar hun hem dit dat deze die maar en of echter ook bovendien daarom
        dus toch daarnaast verder daardoor daarbij tevens
        """
    ),
}
# Phrases of several words, matched at the start ("In addition, …", "Par ailleurs, …").
_OPENER_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "in addition",
        "as a result",
        "for example",
        "for instance",
        "on the other hand",
        "in other words",
        "at the same time",
        "in turn",
        "even so",
        "the latter",
        "the former",
        "other than that",
        "after that",
        "because of this",
        "despite this",
        # comparisons with what was just said: "Even better, …"
        "even better",
        "better still",
        "even worse",
        "worse still",
        "in this way",
        "as mentioned",
        "as noted above",
        "as mentioned above",
        "in that case",
        "against this background",
    ),
    "de": (
        "im gegenzug",
        "zum beispiel",
        "darüber hinaus",
        "aus diesem grund",
        "noch besser",
        "besser noch",
        "noch schlimmer",
        "schlimmer noch",
        "das heißt",
        "das bedeutet",
        "auf diese weise",
        "wie bereits erwähnt",
        "wie erwähnt",
        "wie oben erwähnt",
        "in diesem fall",
        "in diesem zusammenhang",
        "vor diesem hintergrund",
    ),
    "fr": (
        "par ailleurs",
        "de plus",
        "en outre",
        "en effet",
        "par exemple",
        "en revanche",
        "mieux encore",
        "pire encore",
        "de cette façon",
        "comme mentionné",
        "comme indiqué plus haut",
        "de cette manière",
        "dans ce cas",
        "de ce fait",
    ),
    "es": (
        "sin embargo",
        "por eso",
        "por lo tanto",
        "no obstante",
        "por ejemplo",
        "por otro lado",
        "aún mejor",
        "mejor aún",
        "peor aún",
        "de esta manera",
        "como se mencionó",
        "como ya se mencionó",
        "como se dijo",
        "de este modo",
        "en este caso",
        "según lo detallado",
    ),
    "it": ("per esempio", "d'altra parte", "in più", "meglio ancora", "ancora meglio"),
    "pt": ("além disso", "por isso", "por exemplo", "no entanto", "por outro lado", "melhor ainda"),
    "nl": ("bijvoorbeeld", "aan de andere kant", "daarom", "nog beter", "erger nog"),
}
# Chinese, Japanese and Korean write no spaces (or attach particles): openers are prefixes.
_CJK_OPENERS: dict[str, tuple[str, ...]] = {
    "zh": (
        "他们",
        "她们",
        "他",
        "她",
        "它",
        "这些",
        "这",
        "那些",
        "那",
        "但是",
        "但",
        "而且",
        "而",
        "然而",
        "不过",
        "因此",
        "所以",
        "此外",
        "另外",
        "同时",
        "并且",
        "其",
    ),
    "ja": (
        "彼女",
        "彼ら",
        "彼",
        "これ",
        "それ",
        "あれ",
        "この",
        "その",
        "あの",
        "しかし",
        "でも",
        "だが",
        "そして",
        "また",
        "さらに",
        "ただし",
        "なお",
        "一方",
        "それで",
        "だから",
    ),
    "ko": (
        "그녀",
        "그들",
        "그는",
        "그가",
        "그의",
        "이것",
        "그것",
        "저것",
        "그러나",
        "하지만",
        "그리고",
        "또한",
        "게다가",
        "따라서",
        "그래서",
        "한편",
        "이는",
        "이에",
    ),
}
_TIME_WORDS = words_of(
    """
    week weekend month year morning afternoon evening night spring summer autumn fall winter
    season term semester time weekday century decade
    woche wochenende monat jahr morgen abend sommer winter herbst frühling
    semaine mois année matin soir été hiver automne printemps
    semana mes año mañana tarde noche verano invierno otoño primavera
    settimana mese anno mattina sera estate inverno autunno primavera
    ano manhã noite verão inverno outono
    week maand jaar ochtend avond zomer winter herfst lente
    """
)
_FIRST_WORDS = regex.compile(r"[\"'“‘«„(\[]*([^\W\d_][\w'’-]*)(?:[\s,]+([^\W\d_][\w'’-]*))?")
_QUOTE_OPEN = '"“„«‹「『'
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("‹", "›"), ("「", "」"), ("『", "』"))


# Adverbs that lean back from inside a sentence, soon after its start: "The council also said…",
# "Im Rahmen des Plans wurde darum ein Tool entwickelt". Words that also mean something else
# there ("auch", "aussi", "ook") are left out.
_LEANING: dict[str, frozenset[str]] = {
    "en": words_of("also however therefore nevertheless nonetheless furthermore moreover"),
    "de": words_of(
        """
        darum deshalb deswegen daher trotzdem dennoch zudem außerdem ebenfalls jedoch allerdings
        dementsprechend demnach
        """
    ),
    "fr": words_of("également toutefois cependant néanmoins pourtant"),
    "es": words_of("también además tampoco"),
    "it": words_of("inoltre tuttavia pertanto"),
    "pt": words_of("também tampouco contudo todavia"),
    "nl": words_of("echter bovendien daarom eveneens"),
}
_LEANING_WITHIN = 8  # words from the start; later, the sentence has set up its own subject
_WORD = regex.compile(r"[\p{L}\p{M}'’-]+")


# German pronominal adverbs stand for a thing named before: "Niemand ist daran gestorben" (of
# what?). Followed by "dass", "ob", "wie"… or "zu" they point ahead instead, to their own clause
# ("Die Stadt setzt darauf, dass…"), and the sentence stands alone.
_DA_WORDS = words_of(
    """
    daran darauf darüber dafür dagegen davon darin daraus darunter danach davor dahinter
    daneben dazwischen
    """
)
_POINTS_AHEAD = regex.compile(  # a verb's particle may come first: "denkt darüber nach, ob"
    r"(?:\s+\p{Ll}{2,8})?\s*,\s*(?:dass|daß|ob|wie|wo|wann|was|wer|warum|weil|wenn|zu)\b"
    r"|\s+zu\s",
)


def judged_language(language: str | None) -> bool:
    """Whether these rules know the language's leaning words (the European ones socialpub
    supports); in any other, a sentence after the first may well lean back unnoticed."""
    return (language or "en") in _LEANING


def leaning_word(sentence: str, language: str | None) -> str | None:
    """An adverb among the first words that points back to an earlier sentence, or ``None``."""
    leaning = _LEANING.get(language or "en")
    if not leaning:
        return None
    for count, match in enumerate(_WORD.finditer(sentence)):
        if count >= _LEANING_WITHIN:
            return None
        word = str(match.group(0))
        if word.lower() in leaning:
            return word
        if language == "de" and _leans_in_german(sentence, word.lower(), match):
            return word
    return None


# Personal pronouns for a person or people named before: "Noch ist er durch eine Tarnfolie
# verunstaltet", "Ist ihr Lebensraum zerstört, rücken sie näher". Judged only when nothing but
# small words, numbers and time words come before them, where nothing in the sentence could be
# what they stand for ("Der Bürgermeister sagte, er…" names him first). "it", "es" and "il" are
# left out: "it is expected", "es gibt", "il faut" point at nothing; so are possessives, which
# at the start often point ahead ("In ihrer Antwort … hat die Bundesregierung mitgeteilt", "In
# their biggest game, the Sixers…"), and German "ihr", also "you". German forms count in lower
# case only: "Sie" within a sentence is the polite "you".
_PERSONAL: dict[str, frozenset[str]] = {
    "en": words_of("he she they him them"),
    "de": words_of("er sie ihn ihm ihnen"),
    "fr": words_of("elle ils elles lui"),
    "es": words_of("él ella ellos ellas"),
    "it": words_of("lui lei"),
    "pt": words_of("ele ela eles elas"),
    "nl": words_of("hij"),
}
_PRONOUN_WITHIN = 5  # words from the start
_WHEN = words_of("last next early late earlier later letzte letzten vergangene vergangenen")
# what may come before such a pronoun, per language: small words and words of time
_BEFORE_PRONOUN = {
    language: FUNCTION_WORDS.get(language, frozenset()) | _TIME_WORDS | DATE_WORDS | _WHEN
    for language in _PERSONAL
}


def leaning_pronoun(sentence: str, language: str | None) -> str | None:
    """A personal pronoun among the first words with nothing before it it could stand for."""
    language = language or "en"
    personal = _PERSONAL.get(language)
    if not personal:
        return None
    small = _BEFORE_PRONOUN[language]
    for count, match in enumerate(_WORD.finditer(sentence)):
        word = str(match.group(0))
        low = word.lower()
        if count and low in personal and (word.islower() or language != "de"):
            return word
        if count >= _PRONOUN_WITHIN or low not in small:
            return None
    return None


# "aber" and "doch" without a comma before them contrast with the sentence before ("Tun wir
# aber nicht."); with one they join two clauses of this one. (A demonstrative inside the
# sentence is left alone: "In diesem Artikel zeigen wir…" points at the text itself.)
_CONTRASTS = words_of("aber doch")


def _leans_in_german(sentence: str, low: str, match: regex.Match[str]) -> bool:
    if low in _DA_WORDS:
        return not _POINTS_AHEAD.match(sentence, match.end())
    if low in _CONTRASTS:
        return not sentence[: match.start()].rstrip().endswith(",") and match.start() > 0
    return False


# An article's word standing alone for something said before: German "Das hat … bewiesen" (a
# verb follows; "Das Bundeskabinett", "Das neue Gesetz" are articles before a noun or an
# adjective), Spanish "Lo hicieron…" ("Lo que…" points ahead).
_PRONOUN_START: dict[str, regex.Pattern[str]] = {
    "de": regex.compile(
        r"(?:Das|Dies)\s+(?:ist|war|hat|wird|kann|soll|muss|darf|will|sind|waren|haben"
        r"|\p{Ll}+(?<![ea]n|e|es|er|em)t)\b"
    ),
    "es": regex.compile(r"(?:Lo|Le|Les)\s+(?!que\b|cual\b|mejor\b|peor\b|más\b|mismo\b)\p{Ll}"),
}


# A person named by age alone stands for somebody named before: "Der 67-Jährige betreibt …",
# "The 67-year-old said …", "Le septuagénaire a …" ("Die 34-jährige Ärztin", "A 67-year-old man"
# introduce somebody instead)
_AGE_AS_PERSON: dict[str, regex.Pattern[str]] = {
    "de": regex.compile(r"(?P<who>(?:Der|Die)\s+\d{1,3}-Jährigen?)\b"),
    "en": regex.compile(
        r"(?P<who>The\s+\d{1,3}-year-old)(?:,|\s+(?:who|said|says|was|is|has|had|added|told"
        r"|will|would|also|now|then|still|runs|ran|lives|lived|worked|works)\b)"
    ),
    "fr": regex.compile(
        r"(?P<who>(?:Le|La)\s+(?:trentenaire|quadragénaire|quinquagénaire|sexagénaire"
        r"|septuagénaire|octogénaire|nonagénaire))\b"
    ),
    "es": regex.compile(
        r"(?P<who>(?:El|La)\s+(?:cuarentón|cuarentona|cincuentón|cincuentona|sexagenari[oa]"
        r"|septuagenari[oa]|octogenari[oa]|nonagenari[oa]))\b"
    ),
    "it": regex.compile(r"(?P<who>(?:Il|La|Lo)\s+\d{1,3}enne)\b"),
}


# A person the story has met, by what they are: "La dama conversó con elCaribe …", "The woman
# told police …", "Der Mann wurde festgenommen" (a story introduces them as "a woman", "ein Mann")
_MET_PERSON: dict[str, regex.Pattern[str]] = {
    "en": regex.compile(
        r"The\s+(?:man|woman|boy|girl|lady|victim|suspect|teenager|driver|mother|father)\b"
    ),
    "de": regex.compile(
        r"(?:Der\s+(?:Mann|Junge|Fahrer|Täter|Verdächtige|Jugendliche)|Die\s+(?:Frau|Fahrerin"
        r"|Täterin|Verdächtige|Jugendliche)|Das\s+(?:Mädchen|Opfer|Kind))\b"
    ),
    "fr": regex.compile(r"(?:L['’]homme|La\s+(?:femme|dame|victime|jeune\s+femme)|Le\s+suspect)\b"),
    "es": regex.compile(
        r"(?:La\s+(?:dama|mujer|señora|víctima|joven|menor)|El\s+(?:hombre|señor|joven"
        r"|sospechoso|conductor|menor))\b"
    ),
    "it": regex.compile(r"(?:L['’]uomo|La\s+(?:donna|signora|vittima)|Il\s+ragazzo)\b"),
    "pt": regex.compile(r"(?:O\s+(?:homem|suspeito|jovem)|A\s+(?:mulher|senhora|vítima))\b"),
    "nl": regex.compile(r"(?:De\s+(?:man|vrouw|verdachte|jongen)|Het\s+(?:slachtoffer|meisje))\b"),
}


def aged_person(sentence: str, language: str | None) -> str | None:
    """The words that open ``sentence`` naming a person by age alone ("Der 67-Jährige")."""
    pattern = _AGE_AS_PERSON.get(language or "en")
    found = pattern.match(sentence.lstrip()) if pattern else None
    return str(found.group("who")) if found else None


def dangling_opener(sentence: str, language: str | None) -> str | None:
    """The word or phrase that makes ``sentence`` lean on earlier text, or ``None``."""
    text = sentence.lstrip(" \"'“‘«„([")
    language = language or "en"
    if language in _CJK_OPENERS:
        for opener in _CJK_OPENERS[language]:
            if text.startswith(opener):
                return opener
        return None
    lowered = text.lower()
    for phrase in _OPENER_PHRASES.get(language, ()):
        if lowered.startswith(phrase) and not lowered[len(phrase) : len(phrase) + 1].isalnum():
            return text[: len(phrase)]
    pronoun = _PRONOUN_START.get(language)
    if pronoun and pronoun.match(sentence.lstrip()):  # in quotation marks it is the speaker's
        return text.split()[0]
    aged = aged_person(sentence, language)
    if aged:
        return aged
    met = _MET_PERSON.get(language)
    if met and (found := met.match(sentence.lstrip())):
        return str(found.group(0))
    match = _FIRST_WORDS.match(text)
    if not match:
        return None
    first, second = str(match.group(1)), str(match.group(2) or "").lower()
    openers = _OPENERS.get(language, frozenset())
    if first.lower() not in openers:
        return None
    if second in _TIME_WORDS:
        return None  # "This week, the trust…"
    if first.isupper() and len(first) > 1:
        return None  # an acronym that happens to spell a word ("IT", "US")
    return first


_PAIRED_MARKS = regex.compile("[" + regex.escape("".join(o + c for o, c in _QUOTE_PAIRS)) + "]")


def quotes_balanced(text: str) -> bool:
    """Every quotation mark that opens is closed, and none closes that was not opened."""
    if text.count('"') % 2:
        return False
    german = "„" in text
    if german and text.count("„") > text.count("“") + text.count("”"):
        return False
    depth = {o: 0 for o, _ in _QUOTE_PAIRS}
    closes = {c: o for o, c in _QUOTE_PAIRS}
    for match in _PAIRED_MARKS.finditer(text):  # the marks only, not every character
        mark = match.group(0)
        if german and mark in "“”":
            continue  # German „…“ reuses “ as its closer; counted above
        if mark in depth:
            depth[mark] += 1
        else:
            depth[closes[mark]] -= 1
            if depth[closes[mark]] < 0:
                return False
    return not any(depth.values())


def is_pure_quote(sentence: str) -> bool:
    """A sentence that is somebody's words and nothing else: in a post it would read as ours."""
    text = sentence.strip()
    if not text or text[0] not in _QUOTE_OPEN:
        return False
    stripped = text.rstrip(".!?…。！？ ")
    return stripped[-1:] in '"”»›」』“' if stripped else False


def is_question(sentence: str) -> bool:
    return sentence.rstrip(" \"'”’»)").endswith(("?", "？"))


def _teaser_sized(text: str) -> bool:
    """Short and without a comma: a headline cut off ("… informiert…"), not a list that ends in
    "…" for "and so on"."""
    return len(text.split()) <= 12 and "," not in text


def is_sentence(text: str) -> bool:
    """Ends as a sentence does and has a few words: not a heading, label, caption or credit, and
    not a teaser the page cut off with an ellipsis."""
    if text.rstrip(" \"'”’»)").endswith(("…", "...")) and _teaser_sized(text):
        return False
    return ends_sentence(text) and (len(text.split()) >= 4 or (_has_cjk(text) and len(text) >= 8))


# An instruction to the page's reader, "Pour réécouter son interview, cliquez sur l'icône
# ci-dessous": in a post there is no icon below. Imperative forms only; "a click away" is prose.
_CALL_TO_ACTION = regex.compile(
    r"""
    (?:^|[,;:]\s*|\b(?:please|simply|just|then)\s+)(?:click|tap)\s+(?:here|on|the|this|below|above)
    | \b(?:klicken|tippen)\s+sie\b | \bhier\s+klicken\b | ^klick(?:en)?\s
    | \bcliquez\b | \bcliquer\s+ici\b | \bappuyez\s+sur\b
    | \b(?:haga|haz|pulse|pulsa)\s+(?:clic|click)\b | \b(?:clic|pincha)\s+aquí\b
    | \bclicca(?:te)?\s+(?:qui|su|sul|sull|sulla)\b
    | \bclique\s+(?:aqui|em|no|na)\b | \bklik\s+(?:hier|op)\b
    """,
    regex.IGNORECASE | regex.VERBOSE | regex.MULTILINE,
)


def calls_to_action(sentence: str) -> bool:
    """Whether ``sentence`` tells the page's reader to click or tap something."""
    return bool(_CALL_TO_ACTION.search(sentence.lstrip(" \"'“‘«„([")))


_MIXED = regex.compile(r"\b(?=\w*\p{Latin})(?=\w*\p{Cyrillic})\w+\b")


def mixed_script(text: str) -> bool:
    """A word written in Latin and Cyrillic letters at once: spam made to slip past filters."""
    return bool(_MIXED.search(text))


def _has_cjk(text: str) -> bool:
    return bool(regex.search(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]", text))


# Datelines and bylines that news agencies put in front of a lead: "LONDON (Reuters) - ",
# "London (CNN)", "WASHINGTON — ", "By Aaron Humes: ", "(AP) — ", and a partner's story passed
# on by an agency: "KVELLER via JTA — ".
_LEAD_PREFIX = regex.compile(
    r"""
    ^(?:
        (?:[\p{Lu}][\p{L}.'’-]*(?:[\s,]+(?:[\p{Lu}][\p{L}.'’-]*|\d{1,2}\b)){0,3}[\s,]*)?
        \((?:[\p{Lu}][\w.&' ]{0,30})\)\s*(?:[-—–:]+\s*)?
      | [\p{Lu}][\p{Lu}.'’-]+(?:[\s,]+[\p{Lu}][\p{Lu}.'’-]+){0,3}(?:,\s*[\p{L}.]+){0,2}
        (?:\s+via\s+[\p{Lu}][\p{L}.&'’-]*(?:\s+[\p{Lu}][\p{L}.&'’-]*){0,2})?\s+[-—–]+\s+
      | (?i:by)\s+[\p{Lu}][\p{L}.'’-]+(?:\s+[\p{Lu}][\p{L}.'’-]+){0,3}\s*[:|—–-]\s+
    )
    """,
    regex.VERBOSE,
)


def strip_lead_prefix(sentence: str) -> str:
    """``sentence`` without a dateline or byline in front; unchanged when it has none."""
    match = _LEAD_PREFIX.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end() :].lstrip()
    if len(rest.split()) < 4 or (not rest[:1].isupper() and rest[:1] not in _QUOTE_OPEN):
        return sentence
    return rest


def standalone_problem(sentence: str, language: str | None) -> str | None:
    """Why ``sentence`` cannot open a post (a short reason), or ``None`` when it can."""
    if not is_sentence(sentence):
        return "not a sentence"
    if not quotes_balanced(sentence):
        return "unbalanced quotes"
    if is_pure_quote(sentence):
        return "a quotation alone"
    opener = dangling_opener(sentence, language)
    if opener:
        return f"opens with {opener!r}"
    leaning = leaning_word(sentence, language)
    if leaning:
        return f"leans back with {leaning!r}"
    pronoun = leaning_pronoun(sentence, language)
    if pronoun:
        return f"{pronoun!r} stands for somebody the reader has not met"
    if _REPLY.match(sentence):
        return "answers a question the reader has not seen"
    if _subordinate_alone(sentence, language):
        return "a subordinate clause alone"
    speaker = speaker_label(sentence, language)
    if speaker:
        return f"a transcript line of {speaker!r}"
    if _PRONOUN_SPEAKER.search(sentence):
        return "quotes somebody the reader has not met"
    label = _LABEL.match(sentence.lstrip())
    if label and label.group(1).lower() not in _KICKERS:
        return f"opens with the label {label.group(1)!r}"
    return None


# A reply word and a comma: "No, the former mayor's debut…" answers a question the reader never saw
_REPLY = regex.compile(
    r"[\"'“‘«„(\[]*(?i:no|yes|well|oh|nein|ja|non|oui|sí|sim|não|nee)\s*[,!]\s",
)
# A speaker's label, as transcripts write it: "Marissa: Axios launched…", "Q: Why now?"
_SPEAKER = regex.compile(r"((?:[\p{Lu}][\p{Ll}'’-]+)(?:\s+[\p{Lu}][\p{Ll}'’-]+){0,2}|[QA]):\s")
# One word and a colon opens a caption, a box or an answer ("Richtig: dampfendes Thermalwasser…",
# "Technisches: im Einsatz sind…", "Vorentscheidung: Während…"); the kickers news sites put
# before a headline read as they are meant to
_LABEL = regex.compile(r"([\p{Lu}][\p{L}'’-]*):\s")
_KICKERS = words_of(
    """
    update updated breaking warning watch video live exclusive analysis opinion review alert
    eilmeldung exklusiv achtung warnung kommentar alerte urgent exclusif vidéo avance
    urgente exclusiva aggiornamento esclusiva atualização exclusivo
    """
)
_LABEL_ZIPF = 3.5  # a label this common is a heading word ("Update:", "Photo:"), not a name


def speaker_label(sentence: str, language: str | None) -> str | None:
    """The speaker's name a transcript line opens with, or ``None``."""
    match = _SPEAKER.match(sentence.lstrip())
    if not match:
        return None
    label = str(match.group(1))
    words = label.split()
    if label in ("Q", "A"):
        return label

    def rare(word: str) -> bool:
        low = word.lower()
        return zipf(low, language or "en") < _LABEL_ZIPF and zipf(low, "en") < _LABEL_ZIPF

    # a given name, or a name of rare words; of two or three words, a rare last one is a
    # surname ("Jasper Barenberg:", though "jasper" is a stone in English)
    if (
        is_given_name(words[0])
        or all(rare(w) for w in words)
        or (len(words) > 1 and rare(words[-1]))
    ):
        return label
    return None


# Addressing somebody by name: "Herr Helfrich, der Grüne Wasserstoff ist …", "Mr Jones, why …"
_HONORIFIC = (
    r"(?:Herr|Frau|Mr|Mrs|Ms|Dr|Prof|Professor|Monsieur|Madame|Señor|Señora|Signor|Signora|"
    r"Senhor|Senhora|Meneer|Mevrouw)\.?"
)
_ADDRESS = regex.compile(
    rf"[\"'“‘«„]?{_HONORIFIC}(?:\s+(?:Dr|Prof)\.?)?\s+(?:[\p{{Lu}}][\p{{L}}'’-]*\s+){{0,2}}"
    rf"([\p{{Lu}}][\p{{L}}'’-]*),\s"
)
_TRANSCRIPT_LABELS = 2  # one "Name:" may be a caption or a box; two are turns of a talk
_TRANSCRIPT_SCAN = 200  # sentences read to tell a transcript


def interview_lines(sentences: Sequence[str], language: str | None) -> frozenset[int]:
    """Positions of the sentences people speak in an interview printed as a transcript: every
    sentence from the first speaker-labelled turn on, and an interviewer's question addressed to
    a speaker before it ("Herr Helfrich, …"). Their "I" and "we" are the speakers', not the
    publisher's; the post speaks from the introduction. Empty when the text is no transcript."""
    # turns show early in a transcript; the first sentences are enough to tell one
    head = sentences[:_TRANSCRIPT_SCAN]
    labels = [(i, speaker_label(s, language)) for i, s in enumerate(head)]
    # a turn's speaker is somebody the text names before ("Die OÖN sprachen mit Ansgar
    # Weltermann …", then "Weltermann: …"); "Portionen: 12" and "Parabene: …" are no speakers
    named = _first_named(head)
    turns = [
        (i, label)
        for i, label in labels
        if label in ("Q", "A") or (label and named.get(label.split()[-1], i) < i)
    ]
    if len(turns) < _TRANSCRIPT_LABELS:
        return frozenset()
    first = turns[0][0]
    speakers = {label.split()[-1] for _, label in turns}
    addressed = {
        i
        for i, sentence in enumerate(sentences[:first])
        if (match := _ADDRESS.match(sentence.lstrip())) and match.group(1) in speakers
    }
    # the rest of an address's turn: "Wozu dient er?" after "Herr Helfrich, …"; and questions,
    # which in an interview are the interviewer's
    asked = {j for i in addressed for j in range(i, first)}
    asked |= {i for i, sentence in enumerate(sentences[:first]) if is_question(sentence)}
    return frozenset(asked | set(range(first, len(sentences))))


def _first_named(sentences: Sequence[str]) -> dict[str, int]:
    """Each word's first sentence where it stands after the sentence's first word (a speaker's
    label is the first word or words, so a name there is no introduction)."""
    first: dict[str, int] = {}
    for index, sentence in enumerate(sentences):
        for word in words(sentence)[1:]:
            first.setdefault(word, index)
    return first


# First-person singular, outside quotation marks: an extractive post speaks for the institution,
# and "When I moved to California…" is a reporter's voice, not its own
_FIRST_PERSON: dict[str, frozenset[str]] = {
    "en": words_of("me my mine myself i'm i've i'd i'll"),
    "de": words_of("ich mich mir mein meine meinen meinem meiner meines"),
    "fr": words_of("je moi mon ma mes"),
    "es": words_of("yo me mi mis conmigo"),
    "it": words_of("io mio mia miei mie"),
    "pt": words_of("eu meu minha meus minhas comigo"),
    "nl": words_of("ik mij mijn"),
}
_QUOTED = regex.compile(r"“[^”]{0,1000}”|\"[^\"]{0,1000}\"|«[^»]{0,1000}»|„[^“”]{0,1000}[“”]")
_WORDS_AND_I = regex.compile(r"[\p{L}\p{M}'’]+")


def speaks_as_i(sentence: str, language: str | None) -> bool:
    """The sentence's writer says "I" (or "my", "ich", "je"…) outside any quotation."""
    language = language or "en"
    pronouns = _FIRST_PERSON.get(language)
    if not pronouns:
        return False
    words = [str(w) for w in _WORDS_AND_I.findall(_QUOTED.sub(" ", sentence))]
    for index, word in enumerate(words):
        low = word.lower().replace("’", "'")
        if low in pronouns or (language == "fr" and low.startswith("j'")):
            return True
        # "I" as a pronoun, not the numeral of "World War I" or "Phase I"
        if language == "en" and word == "I":
            before = words[index - 1] if index else ""
            if index <= 1 or not before[:1].isupper():
                return True
    return False


# Conjunctions that open a subordinate clause. German sets off every such clause with a comma, so
# one that opens a sentence without a comma is all there is ("Wenn wir einen Diskurs ohne
# Rassismen führten."); elsewhere only reasons are so sure ("Because we can.").
_SUBORDINATORS: dict[str, frozenset[str]] = {
    "de": words_of("wenn weil dass daß ob obwohl obgleich nachdem bevor falls sofern damit"),
    "en": words_of("because"),
    "fr": words_of("parce"),
    "es": words_of("porque"),
    "it": words_of("perché"),
    "pt": words_of("porque"),
    "nl": words_of("omdat"),
}


def _subordinate_alone(sentence: str, language: str | None) -> bool:
    first = _FIRST_WORDS.match(sentence.lstrip())
    if not first:
        return False
    word = str(first.group(1)).lower()
    return word in _SUBORDINATORS.get(language or "en", frozenset()) and "," not in sentence


# A quotation attributed to a pronoun ('"Taking a multivitamin every day helps," he told The
# List.', '„Das ist gut“, sagte sie.', '« C'est fini », a-t-il dit', '"Es grave", dijo.'): who
# speaks was said in a sentence the post does not carry.
_PRONOUN_SPEAKER = regex.compile(
    r"""[”"“»«]\s*,?\s*(?:
        (?:he|she|they)\s+(?:said|says|told|added|explained|wrote|warned|noted|insisted)\b
      | (?:sagte|sagt|erklärte|betonte|meinte|fügte|so)\s+(?:er|sie)\b
      | (?:a-t-(?:il|elle)|dit-(?:il|elle)|explique-t-(?:il|elle)|ajoute-t-(?:il|elle))\b
      | (?:dijo|afirmó|explicó|señaló|añadió|agregó)\s*[.,]
      | (?:disse|afirmou|explicou|acrescentou)\s*[.,]
      | (?:ha\ detto|ha\ spiegato|ha\ aggiunto)\s*[.,]
      | (?:zei|zegt)\s+(?:hij|zij|ze)\b
    )""",
    regex.VERBOSE,
)
