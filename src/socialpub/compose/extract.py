"""Clean an article: the words its author wrote, without the page around them.

HTML pages go through trafilatura (main-content extraction); Markdown is parsed by a real Markdown
parser (markdown-it-py) into HTML, and that HTML, like a feed entry's fragment, is read block by
block (a heading, a paragraph and a list item are each a line of their own, so a heading is never
glued to the sentence under it); then every format goes through the same line rules, which drop
what scraped pages add around an article (menus, share buttons, cookie and copyright notices,
disclaimers, bylines, captions and photo credits, "related" teasers, CMS template strings, a
repeated title) and lift a trailing line of hashtags out of the text as the article's own tags.
A rule removes a whole line, or a credit in brackets or after a sentence's end, so prose is
never cut.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import regex

from socialpub.compose.lexicon import (
    DATE_WORDS,
    MONTH_NAMES,
    RELATIVE_DAYS,
    WEEKDAY_NAMES,
    words_of,
)
from socialpub.compose.sentences import ends_sentence, split_sentences

Format = Literal["text", "markdown", "html"]

# regex, not re: its \w holds combining marks, so "#हिंदी" is read whole, not cut at a vowel sign
_HASHTAG = regex.compile(r"(?<![\w&#])#([^\W\d_][\w]*)")
_HASHTAG_LINE = regex.compile(r"^(?:[#＃][^\W_][\w]*[\s,;|·•]*)+$")


@dataclass(frozen=True)
class _Cued:
    """A pattern tried only on text that holds one of its cue words. Nearly every sentence holds
    none, and the alternation costs some 40 µs a sentence, a tenth of tagging an article."""

    pattern: re.Pattern[str]
    cues: tuple[str, ...]  # lower case; every alternative of the pattern needs one of them

    def search(self, text: str) -> bool:
        low = text.lower()
        return any(cue in low for cue in self.cues) and self.pattern.search(text) is not None


_BOILERPLATE_PATTERN = re.compile(
    r"""
    by\ (?:using|continuing\ to\ use|visiting)\ (?:this|our)\ (?:site|website|service)
    | all\ rights\ reserved | ^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}|$)
    | \b(?:we|this\ (?:site|website))\ uses?\ cookies\b | \bcookie\ (?:policy|settings|preferences)
    | \bcookies?\b.{0,80}\b(?:website|webseite|site\ web|sitio\ web|sito|datenschutz
      |privacy|navigation|navegación|navigazione|zustimm|akzeptier|consent|accept|acepta)
    | \b(?:website|webseite|site|sitio|sito)\b.{0,60}\bcookies?\b
    | \b(?:we|wir|wij)\b.{0,25}\b(?:use|verwenden|nutzen|setzen|gebruiken)\ (?:\w+\ )?cookies?\b
    | \b(?:verwenden|nutzen|setzen|gebruiken)\ (?:wir|wij)\ (?:\w+\ )?cookies?\b
    | \b(?:utilisons|utilizamos|usamos|utilizziamo|usiamo)\ (?:des\ |i\ |los\ |os\ )?cookies?\b
    | \bcookies?\b.{0,120}(?:\bvous\ acceptez|\bstimm(?:en\ sie|st\ du)\b|\bzustimm|\byou\ agree
      |\bconsentement\b|\beinwilligung\b|\bconsentimiento\b|\bconsenso\b|\btoestemming\b)
    | \b(?:verwendung|nutzung|utilisation|dépôt|uso|gebruik)\ (?:von|de|des|dei|di|van)\ cookies?\b
    | \bcookie-?(?:erklärung|richtlinie|einstellungen|hinweis|beleid|instellingen)\b
    | \b(?:politique|política|politica)\ (?:de\ |dei\ )?cookies?\b
    | \b(?:please\ )?accept\ (?:all\ |\w+\ )?cookies?\ to\b | \bcookies?\ et\ autres\ traceurs\b
    | \bctrl\s*\+\s*enter\b | 有料会員 | 会員登録 | ログインして
    | \b(?:kontaktieren\ sie\ uns|beraten\ sie\ gerne|wir\ sind\ für\ sie\ da
      |contact\ us\ (?:today|now)|get\ in\ touch\ with\ us|nous\ contacter|contáctenos
      |benutzererfahrung\ zu\ optimieren)\b
    | \b(?:passwort|password|mot\ de\ passe|contraseña|senha|wachtwoord)\b.{0,40}
      \b(?:zurücksetzen|festlegen|vergeben|geändert|vergessen|reset|forgotten|oublié|réinitialiser
      |olvidad[ao]|restablecer|redefinir|vergeten)\b
    | \b(?:forgot|oublié|olvidaste|esqueceu)\ (?:your\ |votre\ |tu\ |sua\ )?(?:password|mot\ de
      \ passe|contraseña|senha)\b
    | \b(?:bestätige|bestätigen\ sie|confirm|confirmez|confirma)\ (?:den|the|le|el|o)\ (?:link|lien
      |enlace)\b.{0,80}\b(?:registrierung|registration|inscription|registro|cadastro)\b
    | \b(?:deine|ihre|your|votre)\ (?:registrierung|registration|inscription)\b.{0,40}
      \b(?:erfolgreich|fehlgeschlagen|successful|failed|réussi|échoué)
    | ^disclaimer\b | \bfor\ (?:general\ )?informational\ purposes\ only\b
    | \bnot\ (?:intended\ (?:as|to\ be)\ |meant\ as\ |constitute\ |a\ substitute\ for\ )+
      (?:professional\ )?(?:medical|legal|financial|investment)\ advice\b
    | \bterms\ apply\b.{0,60}\boffers?\b | \boffers?\ listed\ on\ this\ (?:page|site)\b
    | \b(?:we|this\ site)\ (?:may\ )?(?:earn|receive)s?\ (?:a\ )?(?:small\ )?(?:commission
      |compensation)\b | \baffiliate\ links?\b
    | \bdownload\ (?:the|our)\b.{0,40}\bapps?\b.{0,30}\b(?:ios|android|app\ store|google\ play)\b
    | \b(?:lade|laden\ sie)\ (?:dir\ |sich\ )?(?:die|unsere)\b.{0,40}\bapp\b.{0,20}herunter\b
    | \bwurde\ am\ \d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\ in\ der\ kategorie\b
    | \bthis\ entry\ was\ posted\ in\b | \bposted\ in\b.{0,80}\|\s*tagged\b
    | ^\s*(?:sent|gesendet|envoyé|enviado|inviato|verzonden|verstuurd)\ (?:from|von|de|desde|dal
      |vanaf|met)\ (?:my|meinem|mon|mi|meu|mio|mijn)\b  # a phone's signature under a forum post
    | ^\s*mit\ der\b.{0,60}\bapp\ von\ meinem\b.{0,60}\bgeschrieben\W*$
    | ^\s*sent\ (?:using|via|with)\ tapatalk\b
    # the consent notice over an embedded video, map or post, and what it says of the data
    | \bwenn\ sie\ (?:dieses|das|den|diesen)\ (?:video|inhalt|beitrag|karte|podcast|tweet)\w*\b
      .{0,60}\b(?:abspielen|laden|aktivieren|anzeigen|ansehen|starten)\b
    | \bdatenübertragung\ an\ (?:youtube|google|vimeo|twitter|facebook|instagram|spotify)\b
    | \bauf\ art\ und\ umfang\ der\b.{0,120}\bdaten\b.{0,80}\bkeinen\ einfluss\b
    | \b(?:by|when\ you|if\ you)\ (?:play(?:ing)?|load(?:ing)?|watch(?:ing)?|activat(?:e|ing))
      \ (?:this|the)\ (?:video|content|map)\b.{0,100}\b(?:you\ (?:agree|accept|consent)|privacy
      |your\ data|youtube|google|vimeo)\b
    | ^\s*(?:video\ überspringen|skip\ video)\b
    | ^\s*(?:warning|notice|deprecated|(?:fatal|parse)\ error):\s.{0,600}?
      \bin\ /\S{1,300}?\.php\ on\ line\ \d+  # a PHP error the server printed into the page
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE = _Cued(
    _BOILERPLATE_PATTERN,
    (
        "by using", "by continuing", "by visiting", "rights reserved", "©", "(c)", "copyright",
        "cookie", "ctrl", "有料会員", "会員登録", "ログインして", "kontaktieren sie uns",
        "beraten sie gerne", "wir sind für sie da", "contact us", "get in touch with us",
        "nous contacter", "contáctenos", "benutzererfahrung", "disclaimer",
        "informational purposes", "advice", "passwort", "password", "mot de passe",
        "contraseña", "senha", "wachtwoord", "registrierung", "registration", "inscription",
        "registro", "cadastro", ".php on line", "terms apply", "offers listed", "commission",
        "compensation", "affiliate", "download", "herunter", "kategorie", "entry was posted",
        "tagged", "sent", "gesendet", "envoyé", "enviado", "inviato", "verzonden", "verstuurd",
        "geschrieben", "tapatalk", "wenn sie", "datenübertragung", "auf art und umfang",
        "video", "content", "map",
    ),
)  # fmt: skip
# An entry of a reference list: "5. Monto AS, et al. ... J Infect Dis. 1970;122:16-25.
# [PMID: 5433709] Crossref Google Scholar". Its names and journal words are not the article's.
_CITATION = _Cued(
    re.compile(
        r"\bPMID:?\s*\d{5,} | \bdoi:\s*10\.\d{4,}/ | (?:crossref|pubmed|google\ ?scholar)\s*$"
        r" | \bet\ al\b\.?.{0,200}?\b(?:1[89]|20)\d\d\s*;\s*\d+"
        r" | ^\s*(?:https?://)?(?:dx\.)?doi\.org/10\.\d{4,}/\S*\s*$",  # an entry's link alone
        re.IGNORECASE | re.VERBOSE,
    ),
    ("pmid", "doi:", "crossref", "pubmed", "scholar", "et al", "doi.org"),
)
_CITATION_WORDS = 80
# The same entry without those marks, by its form: a list of authors as surname and initials
# ("Bocquet H, Bagot M, Roujeau J", "Key, B.", "Alexander, I. & Lück, S.") and then its year at
# once ("(2005)", ", 2017."), or the list closed by a full stop and a journal's "2001;45(3)" or
# a year in brackets later; two authors or "et al" with a full stop, and any year later. Only
# "et al" and the marks above were read before, so a list of all the authors slipped through.
_AUTHOR = (
    r"(?:(?:van|von|de|da|di|del|della|du|le|la|ten|ter)\ (?:der\ |den\ |la\ )?)?"
    r"[A-ZÀ-Þ][\w'’-]{1,30}(?:\ [A-ZÀ-Þ][\w'’-]{1,30})?"
    r"(?:\ (?!(?:AG|SE|KG|MP|UK|US|EU|UN)\b)[A-Z]{1,3}|,\ (?:[A-Z]\.\ ?-?){1,3})"  # not "Bayer AG"
)
_AUTHOR_SEP = r"\ ?(?:,|&|/|\ and|\ und)\ ?"
_LIST_END = r"(?:\.|(?<=\.))\ .{0,400}?"  # the list closes with a full stop: "… Roujeau J. Drug…"
_AUTHORS = rf"{_AUTHOR}(?:{_AUTHOR_SEP}{_AUTHOR}){{0,20}}(?:,?\ et\ al\b\.?)?"
_TWO_AUTHORS = rf"{_AUTHOR}(?:(?:{_AUTHOR_SEP}{_AUTHOR}){{1,20}}|,?\ et\ al\b\.?)"
_YEAR_AT_ONCE = r"[\s,.]{0,3}\((?:19|20)\d\d[a-z]?\)|,?\ (?:19|20)\d\d[a-z]?[.:]"
_JOURNAL_YEAR = rf"{_LIST_END}\b(?:19|20)\d\d[a-z]?\ ?;\ ?\d{{1,4}}"
# a year in brackets later only after dotted initials: "Adwan, M.H. Drug… (2017)", not
# "Clayton M. Christensen (…; The Innovator's Dilemma (1997))", a name in a sentence
_BRACKET_YEAR = r"(?<=[A-Z]\.)\ .{0,400}?\((?:19|20)\d\d\)"
_AUTHOR_LIST = re.compile(
    rf"""(?:\[?\d{{1,3}}[.)\]]\ )?
    (?:{_AUTHORS}(?:{_YEAR_AT_ONCE}|{_JOURNAL_YEAR}|{_BRACKET_YEAR})
    | {_TWO_AUTHORS}{_LIST_END}\b(?:19|20)\d\d\b)""",
    re.VERBOSE,
)
# Sentences that are part of a notice only when a notice sits in the same paragraph: "Always
# consult your doctor." closes a disclaimer, but is also something an article may report.
_NOTICE_COMPANION = re.compile(
    r"""
    \bconsult\ (?:your|a|an)\ (?:own\ )?(?:doctor|physician|lawyer|attorney|pharmacist
      |health\ ?care\ (?:provider|professional)|(?:financial\ |legal\ )?advis[eo]r)
    | \bseek\ (?:professional|medical|legal)\ (?:advice|help) | \bviews\ expressed\b
    | \bces\ données\ ne\ seront\ (?:pas|jamais)\ (?:redonnées|transmises|communiquées|cédées)
    | \byour\ (?:data|details|e-?mail(?:\ address)?)\ will\ (?:not|never)\ be
      \ (?:shared|passed|sold)
    | \bterms\ (?:of\ (?:use|service)|and\ conditions)\b | \bprivacy\ policy\b
    | \bcookies?\b | \bprotection\ des\ données\b | \bdatenschutz | \beinwilligung\b
    | \b(?:weitere|mehr)\ informationen\b | \bmore\ information\b | \bby\ accepting\b
    | \bvous\ (?:acceptez|refusez)\b | \b(?:button|buttons|bouton|botón)\b | \be-?mail\b
    | \bpasswor[dt]\b | \b(?:our|unsere[nr]?)\ (?:advertisers|werbepartner)\b
    | \badvertising\ policy\b | \bkeep\ the\ site\ running\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A site's pitch for its own newsletter or e-mail service, in a sentence anywhere in the article:
# "Never miss the latest news by signing up to our newsletter today!", "You can unsubscribe at
# any time." News sites put the pitch between two paragraphs of the story.
_SUBSCRIPTION_PATTERN = re.compile(
    r"""
    \b(?:sign(?:ing)?\ up|subscrib(?:e|ing)|register(?:ing)?)\b.{0,40}\b(?:to|for)\ (?:our|the|my)
      \ (?:[\w-]+\ ){0,3}(?:newsletters?|e-?mails?|e-?mail\ alerts|bulletins?)\b
    | \bunsubscribe\b.{0,60}\bat\ any\ time\b
    | \b(?:straight|direct(?:ly)?)\ (?:to|into)\ your\ inbox\b
    | \b(?:newsletter|nieuwsbrief|boletín|bollettino)\ (?:abonnieren|bestellen)\b
    | \bmelden\ sie\ sich\b.{0,40}\bnewsletter\b | \bjederzeit\b.{0,40}\b(?:abbestellen|abmelden)
    | \binscrivez-vous\b.{0,30}\b(?:newsletter|lettre\ d'information)\b
    | \bvous\ (?:pouvez|pourrez)\ (?:à\ tout\ moment\ )?vous\ (?:désinscrire|désabonner)\b
    | \bdésabonner\ à\ tout\ moment\b | \binscrit\w*\ à\ notre\ liste\ de\ diffusion\b
    | \bsuscr[íi]b(?:ete|ase)\b.{0,30}\b(?:newsletter|bolet[íi]n)\b | \bdarte\ de\ baja\b
    | \biscriviti\b.{0,30}\bnewsletter\b | \bassine\b.{0,30}\bnewsletter\b
    | \bschrijf\ (?:je|u)\ in\b.{0,30}\bnieuwsbrief\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SUBSCRIPTION = _Cued(
    _SUBSCRIPTION_PATTERN,
    (
        "newsletter", "mail", "bulletin", "unsubscribe", "inbox", "nieuwsbrief", "bolet",
        "bollettino", "abbestellen", "abmelden", "lettre d'information", "désinscrire",
        "désabonner", "liste de diffusion", "darte de baja",
    ),
)  # fmt: skip


# A site's pitch for money or membership, the newsletter pitch's sibling: "Become a member of
# The Haitian Times", "Support our journalism", "Donate today", "Your support helps us…",
# "Werden Sie Mitglied", "Soutenez notre journalisme". Imperatives open a sentence (of the line,
# or after a stop and a space) and the rest speak in the site's voice ("our", "us"), so "Turkey
# hopes to become a member of the EU" and "Residents can donate today at the town hall" stay.
_SUPPORT_PATTERN = re.compile(
    r"""
    (?:^|(?<=[.!?:]\ ))\W{0,3}(?:
      (?:please\ )?(?:become|join\ us\ as)\ an?\ (?:[\w-]+\ ){0,2}
        (?:member|supporter|subscriber|patron|donor)\b
      | (?:please\ )?(?:donate|contribute)\ (?:today|now|here)\b
      | (?:please\ )?(?:support\ us|donate\ to\ us|(?:support|donate\ to)\ our\ (?:[\w-]+\ ){0,2}
        (?:journalism|reporting|newsroom|work|mission))\b
      | (?:werden\ sie|werde)\ (?:jetzt\ )?(?:mitglied|unterstützer|förder)
      | (?:unterstützen\ sie|unterstütze)\ (?:uns|unsere\ (?:arbeit|redaktion)
        |unabhängigen\ journalismus)\b
      | jetzt\ spenden\b
      | (?:soutenez|soutenir)\ (?:notre|nos|la\ rédaction|le\ journalisme|l'information)
      | (?:faites|faire)\ un\ don\b | devenez\ (?:membre|abonné|donateur|mécène)
      | (?:apoya|apoye)\ (?:nuestro|el\ periodismo|a\ nuestra)
      | hazte\ (?:socio|miembro|suscriptor|mecenas) | haz\ una\ donación\b
      | (?:sostieni|sostienici)\b | diventa\ (?:socio|membro|sostenitore|abbonato)
      | fai\ una\ donazione\b | apoie\b | seja\ (?:membro|sócio|assinante|apoiador)
      | faça\ uma\ doação\b | steun\ (?:ons|onze|onafhankelijke\ journalistiek)\b
      | word\ (?:nu\ )?(?:lid|donateur|abonnee)\b | doneer\b
    )
    | \b(?:support|fund|sustain)\ our\ (?:[\w-]+\ ){0,2}(?:journalism|reporting|newsroom)\b
    | \byour\ (?:support|donation|contribution|gift|membership)\ (?:[\w-]+\ ){0,2}
      (?:helps?|allows?|enables?|keeps?|makes?|ensures?)\ (?:us|our|it\ possible)\b
    | \bif\ you\ (?:value|enjoy|like|appreciate)\ (?:our|what\ we)\b.{0,80}
      \b(?:support|donat|member|contribut|subscri)
    | \bplease\ subscribe\ to\b | \balready\ a\ (?:subscriber|member)\b
    | \bspenden\ sie\ (?:jetzt|noch\ heute|hier)\b
    | \bfreuen\ wir\ uns\ über\ (?:jede|ihre|eure|deine)\ (?:spende|unterstützung)\b
    | \bvotre\ (?:soutien|don)\ nous\ (?:permet|aide)\b
    | \btu\ (?:apoyo|aporte|donación)\ nos\ (?:permite|ayuda)\b
    | \bil\ tuo\ (?:sostegno|contributo)\ ci\ (?:permette|aiuta)\b | \bvocê\ pode\ apoiar\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SUPPORT = _Cued(
    _SUPPORT_PATTERN,
    (
        "become", "join us as", "donat", "contribut", "support", "fund our", "sustain our",
        "your gift", "your membership", "if you ", "subscri", "already a", "mitglied",
        "unterstütz", "förder", "spende", "souten", "un don", "devenez", "apoy", "hazte",
        "haz una", "aporte", "donación", "sostie", "diventa", "donazione", "il tuo", "apoi",
        "votre don",
        "seja ", "doação", "steun ", "word lid", "word nu", "word donateur", "word abonnee",
        "doneer",
    ),
)  # fmt: skip
# The lines around such a pitch that only say what the e-mail brings: "Every day we'll send you a
# roundup email of all the latest from Cork"; read as part of the pitch only beside it.
_MAIL_WORDS = re.compile(
    r"\b(?:e-?mails?|inbox|newsletters?|nieuwsbrief|bolet[íi]n|unsubscribe|abmelden|désinscrire)\b",
    re.IGNORECASE,
)
_PITCH_WORDS = 40
# Only short lines are judged by these: a sentence of an article may well start "Published in".
_SHORT_BOILERPLATE = re.compile(
    r"""
    ^(?:sign\ up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox)
    | ^(?:follow\ us|share\ (?:this|on|via)|click\ here|read\ more|related\ (?:articles|stories))
    | ^(?:advertisement|sponsored(?:\ content)?|skip\ to\ (?:main\ )?content)\s*$
    | ^(?:image|photo|picture)\ (?:caption|copyright|credit)\b | ^(?:photo|credit|source):\s
    | ^(?:share|teilen|partager|compartir|condividi|compartilhar|delen)\b(?!.*[.!?]$)
    | ^(?:newsletter|abonnieren|inscrivez-vous|abonnez-vous|suscríbete|iscriviti|assine
        |meld\ je\ aan)\b
    | ^(?:was\ this\ (?:page|article|information)\ (?:helpful|useful)|war\ diese\ seite\ hilfreich
        |cette\ page\ vous\ a-t-elle\ été\ utile|¿te\ ha\ resultado\ útil)
    | ^(?:yes|no|ja|nein|oui|non|sí)\s*$
    | ^(?:toggle\ navigation|edit\ (?:this\ )?page|log\ in\ to\ edit|loading\W*|javascript\ is
        \ (?:disabled|required)|your\ browser\ does\ not\ support|enable\ javascript)
    | ^(?:accept|reject|manage)\ (?:all\ )?cookies?\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SHORT_WORDS = 14
# A date or time stamp, read token by token: "01.02.2022, 14:35 Uhr", "2022-02-01T14:35:00Z",
# "Monday, March 3, 2021 at 10:45 am", "12 mars 2022 à 10h30". A token is a date, a day number,
# a year, a time, a month or weekday name, or one of the small words that join them.
_FULL_DATE = re.compile(
    r"\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d\d)"
    r"|(?:19|20)\d\d([./-])\d{1,2}\2\d{1,2}(?:t\d{1,2}:\d\d(?::\d\d)?(?:z|[+-]\d\d:?\d\d)?)?"
)
_DAY_NUMBER = re.compile(r"\d{1,2}(?:st|nd|rd|th|er|e|º|ª)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CLOCK = re.compile(r"\d{1,2}[:h.]\d\d(?:[:.]\d\d)?(?:h|am|pm)?|\d{1,2}(?:h|am|pm)")
_WEEKDAYS = WEEKDAY_NAMES | words_of(
    """mo di mi do fr sa so segunda-feira terça-feira quarta-feira quinta-feira sexta-feira"""
)
# "today", "hier" (German "here") and their kin date a tag but make no stamp of a line
_CALENDAR = (
    (DATE_WORDS - RELATIVE_DAYS)
    | _WEEKDAYS
    | words_of("janv févr avr juil déc ene dic giu lug ott mrz okt dez mrt fev")
)
_DATE_FILLERS = words_of(
    """on at the of am um le la el il em op om à a as às alle ore las de del di du den der dem
    uhr h hrs heure heures horas uur pm a.m p.m gmt utc cet cest mez mesz est edt cst cdt pst pdt
    bst ist z ago hour hours minute minutes min mins day days vor stunde stunden minuten tag
    tagen il y hace minuto minutos fa ora minuti geleden dagen"""
)
_STAMP_CHARS = re.compile(r"[\w\s,.;:|·•/()\[\]'’+–—-]{1,160}")
_STAMP_TOKEN = re.compile(r"\w+(?:[.:/'’+-]\w+)*")


class _Dates(NamedTuple):
    number: int  # dates named: "01.02.2022" or a year; a day and month without a year is one
    precise: bool  # one names its day ("3 June", "01.02.2022"), not only "June 2021"
    weekday: bool
    clock: bool


def _dates_in_stamp(text: str) -> _Dates | None:
    """The dates ``text`` names when it is nothing but dates, times and their small words;
    ``None`` when it holds anything else."""
    if not _STAMP_CHARS.fullmatch(text):
        return None
    dates = years = days = named = 0
    weekday = clock = False
    for token in _STAMP_TOKEN.findall(text.lower()):
        if _FULL_DATE.fullmatch(token):
            dates += 1
        elif _YEAR.fullmatch(token):
            years += 1
        elif _DAY_NUMBER.fullmatch(token):
            days += 1
        elif token.rstrip(".") in _CALENDAR:
            named += 1
            weekday = weekday or token.rstrip(".") in _WEEKDAYS
        elif _CLOCK.fullmatch(token):
            clock = True
        elif token not in _DATE_FILLERS:
            return None
    precise = bool(dates) or bool(days and named)  # "01.02.2022", "3 June", "Monday 3"
    return _Dates(dates + years if dates or years else int(precise), precise, weekday, clock)


def _is_date_line(line: str) -> bool:
    """A line that is one date, with or without its time: "01.02.2022, 14:35 Uhr", "April 21,
    2022". Kept: two dates ("23.10.2015 - 25.10.2015", an event's days), "Oktober 2015", a date
    with a word ("24. April 2020 | Pressemitteilungen"), and a weekday's date without a time
    ("Donnerstag, 03. Februar 2022"), which heads a day of a programme or a fixture list as
    often as it stamps a page."""
    if len(line) > 80 or not any(c.isdigit() for c in line):
        return False
    dates = _dates_in_stamp(line)
    return (
        dates is not None
        and dates.number == 1
        and dates.precise
        and (dates.clock or not dates.weekday)
    )


# An update or publication stamp as a sentence: "Article mis à jour le 12 mars 2022 à 10h30",
# "Posted on March 3, 2021", "Veröffentlicht am 17. Dezember 2019 von Simon Dückert". The stamp
# words open the sentence and dates follow with little else; "The app was updated on Monday to
# fix…" and "Published in 2019, the study found…" go on with words and are kept.
_STAMP_WORDS = r"""(?:(?:last|zuletzt|laatst|first|originally)\ )?
    (?:posted|published|updated|modified|veröffentlicht|aktualisiert|geändert|erstellt|publié
    |mis\ à\ jour|modifié|publicado|actualizado|atualizado|modificado|pubblicato|aggiornato
    |modificato|gepubliceerd|bijgewerkt|gewijzigd|dernière\ mise\ à\ jour
    |última\ (?:actualización|atualização|modificación)|ultimo\ aggiornamento
    |letzte\ (?:aktualisierung|änderung)|stand)\b"""
_STAMP_HEAD = re.compile(
    r"^\W{0,3}(?:(?:article|story|post|page|artikel|beitrag|artículo|articolo|artigo|nota"
    r"|noticia|notícia)\ )?" + _STAMP_WORDS,
    re.IGNORECASE | re.VERBOSE,
)
_STAMP_AGAIN = re.compile(r"\b" + _STAMP_WORDS, re.IGNORECASE | re.VERBOSE)
_STAMP_BYLINE = re.compile(
    r"\s+(?:by|von|par|por|da|di|door)\s+[A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*){0,3}\W*$"
)
_STAMP_CUES = (
    "posted", "published", "updated", "modified", "veröffentlicht", "aktualisier", "geändert",
    "erstellt", "publié", "mis à jour", "modifié", "publicado", "actualiz", "atualiz",
    "modifica", "pubblicato", "aggiorna", "gepubliceerd", "bijgewerkt", "gewijzigd", "stand",
)  # fmt: skip


def _is_stamp(sentence: str) -> bool:
    head = _STAMP_HEAD.match(sentence)
    if not head or len(sentence) > 200:
        return False
    rest = _STAMP_BYLINE.sub("", _STAMP_AGAIN.sub(" ", sentence[head.end() :]))
    if not rest.strip(" :.,-–—|"):
        return True  # "Published on", its date in a block of its own
    dates = _dates_in_stamp(rest)
    if dates is None:
        return False
    return dates.number > 0 or dates.weekday or dates.clock  # "Updated Monday", "… 10:42"


def _without_stamps(line: str) -> str:
    """``line`` without its sentences that are update or publication stamps, and the times
    that end them ("Posted: Thursday, March 24th, 2022. 10:11 pm CST.")."""
    low = line.lower()
    if not any(cue in low for cue in _STAMP_CUES):
        return line
    if _is_stamp(line):
        return ""  # whole: "am 12. März" may read as two sentences to the splitter
    sentences = split_sentences(line)
    kept: list[str] = []
    in_stamp = False
    for sentence in sentences:
        if _is_stamp(sentence):
            in_stamp = True
            continue
        if in_stamp:
            dates = _dates_in_stamp(sentence)
            if dates is not None and (dates.number or dates.clock):
                continue
        in_stamp = False
        kept.append(sentence)
    return line if len(kept) == len(sentences) else " ".join(kept)


# A "Related news" style heading starts a block of teasers that belong to other articles: its
# short lines go with it, up to the next paragraph of real length.
_RELATED = re.compile(
    r"""^(?:related|more\ (?:news|stories|on\ this(?:\ story)?)|see\ also|also\ read|read\ more
    |recommended|further\ reading|you\ may\ also\ like|latest\ news
    |weitere\ (?:artikel|nachrichten|meldungen)|mehr\ zum\ thema|lesen\ sie\ auch
    |à\ lire\ aussi|lire\ aussi|voir\ aussi|sur\ le\ même\ sujet|te\ puede\ interesar
    |noticias\ relacionadas|leggi\ anche|articoli\ correlati|leia\ também|notícias\ relacionadas
    |lees\ ook|meer\ nieuws|gerelateerd)\b[^.!?]{0,40}$""",
    re.IGNORECASE | re.VERBOSE,
)
_TEASER_WORDS = 25
# A teaser of another article that stands alone: "Le puede interesar: JEP abrirá tres nuevos
# macrocasos", "(También puede leer: …)", "Related: What Is The Best Soil?", "Auch interessant",
# ">> Mehr lesen: …". Only this line goes: the next one is the article's again.
_TEASER_CUE = r"""(?:read\ (?:more|also)|also\ read|related|see\ also|lesen\ sie\ (?:auch|mehr)
    |mehr\ (?:dazu|lesen)|auch\ interessant|weiterlesen|(?:à\ )?lire\ aussi|voir\ aussi
    |(?:le|te)\ puede\ interesar|también\ (?:te\ )?puede\ (?:leer|interesar)|lee\ también
    |leer\ más|leggi\ anche|leia\ (?:também|mais)|veja\ também|lees\ (?:ook|meer))"""
_TEASER_START = r"^(?:>{2,3}\s*)?\(?\s*" + _TEASER_CUE + r"\b(?:\ \w+){0,3}\s*"
_TEASER_LINE = re.compile(
    _TEASER_START + r"(?::|»|>{1,3}|→)\s*\S.{0,300}$", re.IGNORECASE | re.VERBOSE
)
# the cue alone, a link's label: "Weiterlesen:", "Mehr lesen...", "weiterlesen →"
_TEASER_LABEL = re.compile(
    _TEASER_START + r"(?::|»|>{1,3}|→|\.{3}|…)?$", re.IGNORECASE | re.VERBOSE
)
_TEASER_IN_BRACKETS = re.compile(
    r"^\s*" + _TEASER_CUE + r"\b(?:\ \w+){0,3}\s*:", re.IGNORECASE | re.VERBOSE
)
# A link to another page ends with an arrow: "Das Programm der Skispringer in Peking >>",
# "Jetzt 1000 Euro Kredit sichern »", "(Das passiert noch beim SK Rapid >>>)". "»" and "›"
# close French quotations too, so a text that opens one with "«" or "‹" is no link.
_LINK_ARROW = re.compile(r"(?:>{2,3}|»|›|→|➔)\W{0,2}$")
_BRACKETED = re.compile(r"\s*\(([^()]{1,300})\)")
_LINK_WORDS = 20


def _is_link(text: str) -> bool:
    return (
        len(text.split()) <= _LINK_WORDS
        and _LINK_ARROW.search(text) is not None
        and any(c.isalpha() for c in text)  # not a bare ">>>", a Python prompt
        and "«" not in text
        and "‹" not in text
    )


def _teaser_in_brackets(match: re.Match[str]) -> str:
    inside = match.group(1).strip()
    return "" if _is_link(inside) or _TEASER_IN_BRACKETS.match(inside) else match.group(0)


def _without_teasers(line: str) -> str:
    """``line`` without links to other articles: a bracketed teaser inside it, or its last
    sentence when that is a link ("… Parallels Desktop. See all Guest Operating Systems »")."""
    if "(" in line:
        line = _BRACKETED.sub(_teaser_in_brackets, line).strip()
    if not _LINK_ARROW.search(line[-8:]):
        return line
    sentences = split_sentences(line)
    if sentences and _is_link(sentences[-1]):
        return " ".join(sentences[:-1])
    return line


_BULLET = re.compile(r"^[-–•*·▪►]\s+(?=\w)")  # a list item's marker, as extractors write it
# Photo credits and captions inside or at the end of a line: "(Credit: J. Doe / Grist)",
# "… Photo: AP", "(AP Photo/Mary Altaffer)".
_CREDIT_WORD = r"(?:photo|image|picture|credit|foto|bild|crédit|crédito|fonte|source)s?"
_CREDIT_INLINE = re.compile(
    r"\s*[(\[](?:[^()\[\]]{0,40}\b)?" + _CREDIT_WORD + r"\b[^()\[\]]{0,80}[)\]]", re.IGNORECASE
)
_CREDIT_TAIL = re.compile(
    r"(?<=[.!?”\"])\s+" + _CREDIT_WORD + r"(?:\s+credit)?\s*[:/]\s*[^.!?]{1,60}$", re.IGNORECASE
)
_AGENCY_CAPTION = re.compile(
    r"""(?:getty\ images|afp|reuters|ap\ photo|shutterstock|istock(?:photo)?|pa\ media|epa
    |alamy|dpa|anp|efe|ansa
    |\((?:file|archive|archivo|archivbild|symbolbild)(?:\ (?:photo|picture|image|foto))?
    )\s*[)\]]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A news agency's dateline before the first sentence: "Hamburg (dpa/lno) – ", "Paris/Dauerthal
# (iwr-pressedienst) - ", "05.12.2022 | Berlin (AFP) – ", "© Nordex Hamburg (ots) - ". It places the
# wire copy; in a post it is clutter a person deletes. Only with an agency in the brackets: "Leeds
# (UK) – " may start a sentence.
_AGENCY_DATELINE = re.compile(
    r"""^(?:\d{1,2}\.\d{1,2}\.\d{2,4}\s*[|·•]\s*)?(?:©\s*)?
    [A-ZÀ-Þ][\w.'’/-]*(?:[\ ,]+[A-ZÀ-Þ0-9][\w.'’/-]*){0,4}\s*
    \((?i:dpa|afp|ap|reuters|kna|epd|apa|sda|ats|ots|dts|ddp|ansa|efe|anp|belga|ctk|pap
    |iwr-pressedienst|pts|idw|upi|xinhua|europa\ press|sid|yonhap|cnn)(?:[/-][\w-]{1,12})?\)
    \s*(?:--|[-–—:])\s*""",
    re.VERBOSE,
)
# A press release's dateline before its first sentence: "Düsseldorf, 22. November 2022 - ",
# "Wien, 14. Dezember 2021 – ", "29.11.2022 – ", "BOSTON, MA, March 3, 2023 — ", "Paris, le 12
# mars 2023 – ", "Madrid, 3 de mayo de 2023 – ". It dates the release; in a post it is clutter a
# person deletes, and it glues itself to the sentence after it.
_MONTH = "(?i:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + ")"
_DATE = rf"""(?:\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}
    |(?:(?:le|el|il|am)\ )?\d{{1,2}}\.?\ (?:de\ )?(?:{_MONTH})\.?,?\ (?:de\ )?\d{{4}}
    |(?:{_MONTH})\.?\ \d{{1,2}}(?:st|nd|rd|th)?,?\ \d{{4}})"""
_DATED_DATELINE = re.compile(
    rf"""^(?:[A-ZÀ-Þ][\w.'’/-]*(?:[\ ]+[A-ZÀ-Þ][\w.'’/-]*){{0,2}}(?:,\ [A-Z]{{2}}\.?)?,\ +)?
    {_DATE}\s*(?:--|[-–—|:])\s+(?=[A-ZÀ-Þ„“"«])""",
    re.VERBOSE,
)
# Latin American papers end a dateline with ".-": "TEGUCIGALPA, HONDURAS.- ", "Washington.- ",
# "San José, 21 Abr (Elpaís.cr).- ".
_PLACE_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][\w'’]*(?:[\ ,]+[A-ZÀ-Þ0-9][\w'’]*){0,4}(?:\ *\([^()]{1,30}\))?\.-\ *(?=[A-ZÀ-Þ¿¡])"
)
_DATELINE_REST_WORDS = 4  # "11.12.2019 - Amelie Loevenich" is a byline, not a dated sentence


def _without_dated_dateline(line: str) -> str:
    match = _DATED_DATELINE.match(line) or _PLACE_DATELINE.match(line)
    if match is None or len(line[match.end() :].split()) < _DATELINE_REST_WORDS:
        return line
    return line[match.end() :]


# A row of share buttons a page glued into its text: "… By James Whittaker - May 4, 2022 Share
# Facebook Twitter WhatsApp Email Telegram A senior prison official has said …". What comes before
# it is the page's head (menu, title, caption, byline); the article starts after it.
_SHARE_BAR = re.compile(
    r"(?:(?<=\s)|^)(?:(?:share|facebook|twitter|whatsapp|e-?mail|telegram|linkedin|pinterest|reddit"
    r"|print|messenger|tweet|teilen|drucken|partager|compartir|condividi|x|copy\ link)"
    r"[\s|·•/,:]+){3,}",
    re.IGNORECASE,
)


def _after_share_bar(line: str) -> str:
    """``line`` without a share bar and the page's head or foot on its shorter side: a bar near
    the start ends the head (menu, title, byline), one near the end starts the foot (likes, the
    author's box)."""
    match = _SHARE_BAR.search(line)
    if not match:
        return line
    before, after = line[: match.start()].strip(), line[match.end() :].strip()
    if len(after.split()) > len(before.split()):
        return after if after[:1].isupper() else f"{before} {after}".strip()
    return before


_TEMPLATE = re.compile(r"\{\{[^{}]{0,200}\}\}|\{%[^{}]{0,200}%\}")
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
    declared_language: str | None = None  # what the page says of itself (<html lang>)
    site_name: str = ""  # the publisher, as the page names itself (og:site_name)


def _is_nav(line: str) -> bool:
    if len(line) > 200 or line.endswith((".", "!", "?", ":", '"', "”")):
        return False  # a menu is a few short words
    words = _WORD.findall(line.lower())
    real = [w for w in words if any(c.isalnum() for c in w)]
    return 0 < len(real) <= 8 and all(w in _NAV_WORDS for w in words)


def _norm(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def looks_like_title(line: str) -> bool:
    words = line.split()
    bare = line.rstrip().rstrip("\"'”’)]")
    return 0 < len(words) <= 24 and not bare.endswith((".", ",", ";", ":"))


_OPEN_END = re.compile(r"[\w,]$")  # ends inside a sentence: a word or a comma, no stop
_CONTINUES = re.compile(r"^[a-zà-öø-ÿ]")  # goes on in lower case: the rest of that sentence
# A line ending on an article, preposition or conjunction stops mid-sentence whatever comes
# next: "... who in 2008, won the" / "Africa Movie Academy Award ..." (no heading ends so)
_DANGLING_END = re.compile(
    r"\s(?:the|a|an|of|to|in|on|at|for|with|and|or|by|from|der|die|das|den|dem|des|ein|eine"
    r"|einen|einem|einer|und|oder|mit|von|zu|für|le|la|les|un|une|du|et|au|aux|avec|el|los|las"
    r"|del|y|con|il|lo|gli|della|di|e|o|het|een|van|en|met)$"  # lower case: "Hepatitis A" ends
)


# A notice is a sentence of at most this many characters. A longer line is searched sentence by
# sentence, so the notice patterns never scan a megabyte (0.6 s for one 1 MB line).
_NOTICE_CHARS = 1000


def _is_notice(sentence: str) -> bool:
    return len(sentence) <= _NOTICE_CHARS and bool(
        _BOILERPLATE.search(sentence) or _is_pitch(sentence)
    )


def _has_notice(line: str) -> bool:
    if len(line) <= _NOTICE_CHARS:
        return _is_notice(line)
    return any(_is_notice(s) for s in split_sentences(line))


def _is_pitch(line: str) -> bool:
    """A newsletter pitch, or (in a sentence) a pitch for money or membership."""
    return len(line) <= _NOTICE_CHARS and bool(_SUBSCRIPTION.search(line) or _SUPPORT.search(line))


def _about_mail(line: str) -> bool:
    """A short line that speaks of e-mail: part of a newsletter pitch when it stands beside one."""
    return len(line.split()) <= _PITCH_WORDS and bool(_MAIL_WORDS.search(line))


_TAIL = 16  # enough for the longest word _DANGLING_END looks for, with the space before it


def _join_continuations(lines: list[str]) -> list[str]:
    """Join a line to the one before when a page broke one sentence across two blocks (a link
    or a <div> inside a paragraph): the first stops mid-sentence, the next goes on in lower case.
    A heading never joins: the line after it starts a sentence, in upper case."""
    out: list[str] = []
    for line in lines:
        tail = out[-1][-_TAIL:] if out else ""  # "$" alone would scan a 1 MB line from its start
        joins = (_OPEN_END.search(tail) and _CONTINUES.match(line)) or _DANGLING_END.search(tail)
        if out and joins:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


# A line of program code: it opens as a statement does, or ends as one, and is thick with the
# symbols code is written in. Scripts reach the text when a page's markup confuses the
# extractor (a "<script/>" written as if it closed itself); a tutorial's code is no post either.
_CODE_START = re.compile(
    r"\s*(?:(?:var|let|const|function|return)\s|(?:if|for|while|switch)\s*\(|\(?function\s*\("
    r"|(?:document|window|console)\.|[})\]]+[;,]?\s*$)"
)
_CODE_END = (";", "{", "}", "};", "});", "})();", "[", "(")
# a method call alone on its line: "GeneralMills.PandoSites.Register(moduleName, config)"
_CODE_CALL = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\([^()]{0,300}\)\s*;?\s*$")
_CODE_SYMBOLS = frozenset("{}();=[]<>$\\|&+*")
_NO_CODE_SYMBOLS = str.maketrans("", "", "".join(_CODE_SYMBOLS))
_CODE_DENSITY = 0.06


def _is_code(line: str) -> bool:
    if _CODE_CALL.match(line):
        return True
    symbols = len(line) - len(line.translate(_NO_CODE_SYMBOLS))  # counted in C: every line
    if symbols < 2:
        return False
    ends = line.rstrip().endswith(_CODE_END)
    if _CODE_START.match(line) and (ends or "=" in line):
        return True  # "var moduleName = 'ratingAndReviewCounts';"
    return symbols >= _CODE_DENSITY * len(line) and ends


# A numbered step whose number the page set in a box of its own, glued to the text on
# extraction: "1Heat oven to 350°F", "2Place cherry in center…"
_GLUED_STEP = regex.compile(r"(\d{1,2})(?=\p{Lu}\p{Ll})")


def _unglued_steps(lines: list[str]) -> list[str]:
    """Lines of a numbered list without the numbers glued to their first words, when at least
    two lines carry consecutive ones: one line alone may be a name ("7Mind", "1Password")."""
    numbers = {int(m.group(1)) for line in lines if (m := _GLUED_STEP.match(line))}
    if not any(n + 1 in numbers for n in numbers):
        return lines
    return [
        _GLUED_STEP.sub("", line, count=1) if _GLUED_STEP.match(line) else line for line in lines
    ]


# A note's number after a word, "… Au soleil couchant (1).", and a source cited as papers cite
# it, "… by 1.43°C (Copernicus Climate Change Service, 2023).": marks for a reader of the page,
# noise in a post. Numbered clauses of a law stay ("Artikel 5 (1)", "gemäß Absatz (2)"), and
# so does a number after a capitalised word.
_NOTE_NUMBER = re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=[^\W\d_][\"”’»])) \(\d{1,2}\)(?=[\s.,;:!?]|$)")
# a weekday before the number: Portuguese ones as their first part ("terça" of "terça-feira")
_DATED_WEEKDAYS = WEEKDAY_NAMES | words_of("segunda terça quarta quinta sexta sábado domingo")
_CLAUSE_WORDS = words_of(
    "art artikel abs absatz paragraph section sec article alinéa apartado inciso comma lid nr no"
)
_CITED_SOURCE = re.compile(
    r" \((?:[A-Z][^\d(),;:]{1,80}?(?: et al\.)?),? (?:19|20)\d\d[a-z]?(?:[;,] [^()]{1,80})?\)"
)


# "(1) those who …, and (2) those who …" (each try stops at the next "(1)": linear)
_ENUMERATION = re.compile(r"\(1\)(?:(?!\(1\)).){1,600}?\(2\)")
_WORD_BACK = 80  # characters before a mark: enough for the word it follows


def _without_reference_marks(line: str) -> str:
    def note(match: re.Match[str]) -> str:
        before = line[max(0, match.start() - _WORD_BACK) : match.start()].split()
        word = before[-1].strip('"”’»').rstrip(".") if before else ""
        # after a capital it may be an age, as German papers give it: "Lisa (12) und Tom (9)";
        # after a weekday it is the day of the month, as Brazilian papers give it: "nesta
        # terça-feira (3)"
        kept = (
            word[:1].isupper()
            or word.lower() in _CLAUSE_WORDS
            or word.lower().split("-")[0] in _DATED_WEEKDAYS
        )
        return match.group(0) if kept else ""

    if not _ENUMERATION.search(line):
        line = _NOTE_NUMBER.sub(note, line)
    return _CITED_SOURCE.sub("", line)


# A press release closes with sections for journalists, not readers: "About the University of
# Leeds", "Notes to editors", "Media contact", "Über die EnBW", "Pressekontakt", "À propos de …",
# "-ENDS-". From such a heading on, nothing is the news (the release's own hashtags aside).
_RELEASE_TAIL = re.compile(
    r"""(?:
        (?-i:About\ (?:the\ )?[A-Z]).{0,80} | notes?\ (?:to|for)\ editors?
      | editor['’]?s['’]?\ notes?
      | (?:media|press)\ (?:contacts?|enquiries|inquiries|office) | for\ media\ enquiries.{0,60}
      | (?:über|ueber)\ (?:die|den|das|uns)\b.{0,80} | hinweise?\ für\ (?:die\ )?redaktion(?:en)?
      | (?:presse|medien)kontakte? | pressestelle | ansprechpartner(?:in)?\ für\ (?:die\ )?presse
      | à\ propos\ d[eu'’].{0,80} | note\ aux\ rédactions | contacts?\ (?:presse|médias?)
      | acerca\ de\ .{1,80} | contacto\ de\ prensa | nota\ para\ (?:los\ )?editores
      | ufficio\ stampa | contatti\ stampa | a\ proposito\ di\ .{1,80}
      | assessoria\ de\ imprensa | contato\ (?:de\ )?imprensa
      | noot\ voor\ (?:de\ )?redactie | perscontact | (?-i:Over\ [A-Z]).{0,80}
      | [-–—]+\ ?ends?\ ?[-–—]+ | \#{3}
    )\s*:?""",
    re.VERBOSE | re.IGNORECASE,
)
_TAIL_AFTER = 3  # lines of the release before its closing sections can start
_TAIL_SHARE = 0.5  # and they start in its second half: "Über die Zukunft …" mid-text is a heading
_TAIL_WORDS = 10  # a heading, not a sentence that starts "About …"


def _words_from(lines: Sequence[str]) -> list[int]:
    """The words from each line to the end (one more entry: 0 after the last line)."""
    after = [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        after[index] = after[index + 1] + len(lines[index].split())
    return after


def _is_release_tail(line: str) -> bool:
    if len(line.split()) > _TAIL_WORDS or line.rstrip().endswith((".", "!", "?", "…")):
        return False
    return _RELEASE_TAIL.fullmatch(line.strip()) is not None


def clean_lines(lines: Iterable[str], title: str = "") -> Cleaned:
    """Apply the line rules; ``title`` (when the source gave one) removes its repeats."""
    kept: list[str] = []
    tags: list[str] = []
    in_related = False
    in_pitch = False  # the line before was a newsletter pitch
    in_tail = False  # past a press release's closing sections ("Notes to editors")
    lines = list(lines)
    second_half = int(len(lines) * _TAIL_SHARE)
    words_after: list[int] | None = None  # counted once a closing heading is met, if ever
    kept_words = 0
    for index, raw in enumerate(lines):
        line = _BULLET.sub("", " ".join(raw.split()))
        if not line:
            continue
        if in_tail:
            if _HASHTAG_LINE.match(line):
                tags.extend(_HASHTAG.findall(line))
            continue
        if (
            index >= second_half
            and len(kept) >= _TAIL_AFTER
            and ends_sentence(kept[-1])  # after prose, not inside a menu of short links
            and _is_release_tail(line)
        ):
            if words_after is None:
                words_after = _words_from(lines)
            # the closing sections are shorter than the release (a "Pressekontakt" in a page's
            # menu has the article still to come)
            if words_after[index + 1] < kept_words:
                in_tail = True
                continue
        if _is_pitch(line):
            while kept and _about_mail(kept[-1]):
                kept.pop()  # "Want the day's news in your inbox?" leads into the pitch
            in_pitch = True
        elif in_pitch and (_about_mail(line) or _CONTINUES.match(line)):
            continue  # or the rest of its sentence: "Werden Sie Mitglied bei" / "for me und …"
        else:
            in_pitch = False
        if _TEASER_LINE.match(line):
            continue  # before _RELATED: "Lees ook: <title>" is one teaser, not a list's heading
        if _RELATED.match(line):
            in_related = True
            continue
        if _TEASER_LABEL.match(line):
            continue
        if in_related:
            if len(line.split()) < _TEASER_WORDS:
                continue
            in_related = False
        line = _without_teasers(line)
        if not line:
            continue
        if _TEMPLATE.search(line) or _is_code(line):
            continue  # a CMS template or editor string, or a script, not prose
        if len(line.split()) <= _CITATION_WORDS and (
            _CITATION.search(line) or _AUTHOR_LIST.match(line)
        ):
            continue  # an entry of the reference list
        line = _CREDIT_TAIL.sub("", _CREDIT_INLINE.sub("", line)).strip()
        line = _without_reference_marks(line)
        line = _without_dated_dateline(_AGENCY_DATELINE.sub("", line, count=1))
        line = _after_share_bar(line)
        if not line or (len(line.split()) <= 40 and _AGENCY_CAPTION.search(line)):
            continue
        if _HASHTAG_LINE.match(line):
            tags.extend(_HASHTAG.findall(line))
            continue
        if _BYLINE.match(line) or _is_nav(line):
            continue
        if _has_notice(line):
            # in a paragraph, only the sentences that are notices go: a scraped page often puts
            # "Copyright 2011 AP. All rights reserved." at the end of the article's one line
            line = " ".join(
                s
                for s in split_sentences(line)
                if not (_is_notice(s) or (len(s) <= _NOTICE_CHARS and _NOTICE_COMPANION.search(s)))
            )
            if not line:
                continue
        if len(line.split()) <= _SHORT_WORDS and _SHORT_BOILERPLATE.search(line):
            continue
        kept.append(line)
        kept_words += len(line.split())
    kept = _join_continuations(kept)
    # after joining: a date that a page set in a block of its own inside a sentence ("on" /
    # "12.03.2022" / "the council met") is part of it, and "Published on" / "April 21, 2022" is
    # one stamp
    kept = [line for line in map(_without_stamps, kept) if line and not _is_date_line(line)]
    kept = _unglued_steps(kept)
    if not title and len(kept) > 1 and looks_like_title(kept[0]):
        title = kept.pop(0)
    if title:
        kept = [line for line in kept if _norm(line) != _norm(title)]
    for line in kept:
        tags.extend(_HASHTAG.findall(line))
    return Cleaned(title=title, lines=tuple(kept), own_hashtags=tuple(dict.fromkeys(tags)))


_BLOCKS = words_of(
    """p div h1 h2 h3 h4 h5 h6 li dt dd blockquote pre tr section article header footer
    figcaption caption address br hr ul ol table"""
)
_SKIP = words_of("script style noscript template head title iframe svg form nav button")
_DECLARED_LANG = re.compile(
    r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)"
)
# "Title | Site", "Title - Site", "Title | DW | 19.01.2020": the site's suffix, not the title
_TITLE_PIPE = re.compile(r"\s+[|·•»«]\s+")
_TITLE_DASH = re.compile(r"\s+[-–—:]{1,2}\s+")


def _block_lines(root: Any) -> list[str]:
    """The text of an lxml tree, one line per block element; scripts, forms and menus skipped.

    Iterative (no recursion limit on deep pages) and linear in the size of the tree.
    """
    pieces: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCKS:
                pieces.append("\n")
            if node.tail:
                pieces.append(node.tail)
            continue
        if tag in _SKIP:
            if node.tail:
                pieces.append(node.tail)
            continue
        if tag in _BLOCKS:
            pieces.append("\n")
        if isinstance(node.tag, str) and node.text:
            pieces.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(pieces).splitlines()


def fragment_lines(markup: str) -> list[str]:
    """Lines of an HTML fragment (a feed entry's summary, rendered Markdown), one per block."""
    import lxml.html

    if not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, AssertionError, lxml.etree.ParserError):
        # lxml asserts one <body> in a fragment; a whole page whose <html> hides in conditional
        # comments ("<!--[if IE 9]><html ...") parses to none (seen on a real news page)
        return [strip_tags(markup)]
    return _block_lines(root)


# A "[" that can open a link: its label closes within a line and is followed by "(" or "[".
_LINK_OPENER = re.compile(r"\[(?=([^\[\]\n]{0,1000})\]([(\[]))")
_BRACKET = re.compile(r"(?<!\\)\[")


def _defuse_brackets(markdown: str) -> str:
    """Escape every "[" that cannot open a link. markdown-it looks for the end of each "[" it
    meets, and for each "](" the end of a destination, so text full of unmatched brackets or
    unclosed "[a](" costs it seconds (60 KB of "[" took 15 s); escaped, they are plain text and
    real links are untouched. An inline link's ")" must come later on its line."""
    if markdown.count("[") < 64:
        return markdown
    closers = [m.start() for m in re.finditer(r"\)", markdown)]
    line_ends = [m.start() for m in re.finditer("\n", markdown)]

    def closes_on_its_line(at: int) -> bool:
        i = bisect_right(closers, at)
        j = bisect_right(line_ends, at)
        end = line_ends[j] if j < len(line_ends) else len(markdown)
        return i < len(closers) and closers[i] < end

    openers = set()
    for m in _LINK_OPENER.finditer(markdown):
        paren = m.start() + len(m.group(1)) + 2  # the "(" or "[" after the label's "]"
        if m.group(2) == "[" or closes_on_its_line(paren):
            openers.add(m.start())
    return _BRACKET.sub(lambda m: m.group(0) if m.start() in openers else "\\[", markdown)


def markdown_to_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    markdown = _defuse_brackets(markdown)
    # "commonmark" with raw HTML off: a pasted <script> stays text, and the parser is linear
    return str(MarkdownIt("commonmark", {"html": False}).render(markdown))


def markdown_parts(markdown: str) -> tuple[str, list[str]]:
    """(title, lines) of a Markdown article: the first level-one heading is its title."""
    import lxml.html

    markup = markdown_to_html(markdown)
    if not markup.strip():
        return "", []
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    title = ""
    first = root.find(".//h1")
    if first is not None:
        title = " ".join(first.text_content().split())
        first.drop_tree()
    for node in root.iter("img"):
        node.drop_tree()  # an image's alt text is not the article's prose
    return title, _block_lines(root)


def markdown_to_plain_title(title: str) -> str:
    """A title written in Markdown ("**Big** news") as plain text."""
    lines = [line for line in fragment_lines(markdown_to_html(title)) if line.strip()]
    return " ".join(" ".join(lines).split())


def declared_language(markup: str) -> str | None:
    match = _DECLARED_LANG.search(markup[:20_000])
    return match.group(1) if match else None


# a value ends at its own quote: content="Tom's Hardware" keeps its apostrophe
_META = re.compile(
    r"""<meta\b[^>]{0,300}?(?:property|name)\s*=\s*["'](og:title|og:site_name|application-name)["']"""
    r"""[^>]{0,300}?content\s*=\s*(["'])((?:(?!\2).){1,300})\2""",
    re.IGNORECASE,
)
_META_REVERSED = re.compile(
    r"""<meta\b[^>]{0,300}?content\s*=\s*(["'])((?:(?!\1).){1,300})\1[^>]{0,300}?"""
    r"""(?:property|name)\s*=\s*["'](og:title|og:site_name|application-name)["']""",
    re.IGNORECASE,
)
_TITLE_TAG = re.compile(r"<title\b[^>]{0,200}>([^<]{1,400})</title", re.IGNORECASE)
_H1 = re.compile(r"<h1\b[^>]{0,300}>(.{1,600}?)</h1\s*>", re.IGNORECASE | re.DOTALL)


def page_metadata(markup: str) -> tuple[str, str]:
    """(title, site name) a page gives itself: ``og:title``, else its first ``<h1>``, else its
    ``<title>``; ``og:site_name``. Read from the first part of the page only, by bounded
    patterns (no date or author extraction: a post needs neither, and they cost the most)."""
    head = markup[:300_000]
    found: dict[str, str] = {}
    for match in _META.finditer(head):
        found.setdefault(match.group(1).lower(), match.group(3))
    for match in _META_REVERSED.finditer(head):
        found.setdefault(match.group(3).lower(), match.group(2))
    title = found.get("og:title", "")
    if not title:
        h1 = _H1.search(head)
        title = strip_tags(h1.group(1)) if h1 else ""
    if not title:
        tag = _TITLE_TAG.search(head)
        title = tag.group(1) if tag else ""
    site = found.get("og:site_name") or found.get("application-name", "")
    return html.unescape(" ".join(title.split())), html.unescape(" ".join(site.split()))


# A tag this long is attributes gone wild (or a data: URI): the parser's cost grows faster than
# its size (100,000 attributes took minutes), and no article text lives in attributes.
_OVERGROWN_TAG = re.compile(r"<([a-zA-Z][\w:-]{0,40})\b[^<>]{4000,}>")
_EMPTY_ELEMENT = re.compile(r"<(p|div|span|li|td|section|article)\b[^<>]{0,200}>\s*</\1\s*>", re.I)


# A drop cap set before its paragraph: '<span class="cap">T</span><p><a>urkey</a>, Poland'.
# The extractor reads the letter as a block of its own and drops it, and the article starts
# "urkey"; the letter goes back to the start of its paragraph's first word.
_DROP_CAP = re.compile(
    r"<(span|div)\b[^<>]{0,200}>\s*([^\W\d_])\s*</\1>\s*<p\b([^<>]{0,200})>"
    r"((?:\s*<(?:a|span|strong|b|em|i)\b[^<>]{0,300}>){0,3})(?=[^\W\d_])"
)


def _drop_cap(match: re.Match[str]) -> str:
    letter, attributes, openers = match.group(2), match.group(3), match.group(4)
    return f"<p{attributes}>{openers}{letter}"


# A footnote mark: "points<a href="#fn1"><sup>1</sup></a>" reads "points1" once the tags are gone.
# A superscript number after a word is a note, unless the word is a unit ("km<sup>2</sup>").
_FOOTNOTE_MARK = re.compile(
    r"<sup\b[^<>]{0,200}>(?:\s|<[^<>]{0,300}>){0,4}\[?(?:\d{1,3}|[*†‡§])\]?"
    r"(?:\s|<[^<>]{0,300}>){0,4}</sup>",
    re.IGNORECASE,
)
_WORD_AT_END = re.compile(r"([^\W\d_]{2,}|[.,;:)\"”’])$")
_UNITS = words_of("km cm mm dm nm µm ft mi in yd m² sq")
_LOOK_BACK = 400  # characters before a mark enough for its word and the tags between


def _word_before(markup: str) -> str | None:
    """The word (or closing punctuation) ``markup`` ends with, tags after it passed over."""
    text = markup.rstrip()
    while text.endswith(">"):
        opening = text.rfind("<")
        if opening < 0:
            return None
        text = text[:opening].rstrip()
    found = _WORD_AT_END.search(text[-40:])
    return found.group(1) if found else None


def _without_footnote_marks(markup: str) -> str:
    def mark(match: re.Match[str]) -> str:
        before = _word_before(markup[max(0, match.start() - _LOOK_BACK) : match.start()])
        if before is None or before.lower() in _UNITS:
            return match.group(0)  # a power ("10<sup>6</sup>", "km<sup>2</sup>"), kept
        return ""

    return _FOOTNOTE_MARK.sub(mark, markup)


def defuse_html(markup: str) -> str:
    """``markup`` without what makes an HTML parser slow and carries no text: overgrown tags
    (kept, bare) and empty paragraphs and boxes (200,000 of them took seconds), with drop
    caps back in their words and without footnote marks. Linear."""
    markup = _OVERGROWN_TAG.sub(r"<\1>", markup)
    markup = _DROP_CAP.sub(_drop_cap, markup)
    markup = _without_footnote_marks(markup)
    return _EMPTY_ELEMENT.sub("", markup)


def html_page(markup: str) -> tuple[str, list[str], str]:
    """(title, lines, site name) of the main content of an HTML page."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    title, site = page_metadata(markup)
    markup = defuse_html(markup)
    text = trafilatura.extract(
        markup, include_comments=False, include_tables=False, with_metadata=False
    )
    if not text or not text.strip():
        # trafilatura finds no "main content" in a fragment such as a feed entry's summary
        return title, fragment_lines(markup), site
    return title, text.splitlines(), site


def html_to_text(markup: str) -> tuple[str, str]:
    """(title, text) of the main content of an HTML page."""
    title, lines, _ = html_page(markup)
    return title, "\n".join(lines)


def clean_title(title: str, site_name: str = "") -> str:
    """``title`` without the site name or date a page appends ("… | PSL", "… | DW | 19.01.2020")."""
    title = " ".join(title.split())
    site = _norm(site_name)
    parts = _TITLE_PIPE.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= 6:
        parts.pop()  # a pipe is nearly always the site's
    title = " | ".join(parts)
    pieces = _TITLE_DASH.split(title)
    if len(pieces) > 1:
        last = pieces[-1]
        short_name = len(last.split()) <= 3 and all(w[:1].isupper() for w in last.split())
        if (site and _norm(last) in (site, site.replace(" ", ""))) or (
            short_name and len(" ".join(pieces[:-1]).split()) >= 3 and _looks_like_site(last)
        ):
            title = title[: title.rfind(last)].rstrip(" -–—:")
    return title


def _looks_like_site(text: str) -> bool:
    """A short suffix that names a publisher rather than finishing the headline."""
    return bool(
        re.search(r"\.(?:com|org|net|de|fr|uk|es|it|nl|pt|edu|gov)\b", text, re.IGNORECASE)
        or re.fullmatch(
            r"[A-Z][\w&.]*(?:\s+(?:News|Online|Times|Post|Today|Daily|Press|Zeitung))?", text
        )
    )


_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|tr|blockquote|section|article)\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def strip_tags(markup: str) -> str:
    """Plain text of an HTML fragment, one line per block."""
    markup = _DROP.sub("", markup)
    markup = re.sub(r"<title\b[^>]*>.*?</title\s*>", "", markup, flags=re.I | re.S)
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", markup)))


def clean(raw: str, fmt: Format = "text") -> Cleaned:
    # a lone surrogate (JSON allows "\ud800") would crash every encoder downstream
    raw = raw.encode("utf-8", "replace").decode("utf-8")
    site = ""
    declared = None
    if fmt == "html":
        declared = declared_language(raw)
        title, lines, site = html_page(raw)
    elif fmt == "markdown":
        title, lines = markdown_parts(raw)
    else:
        title, lines = "", raw.splitlines()
        if _ENTITY.search(raw):
            lines = html.unescape(raw).splitlines()  # scraped text keeps "&rsquo;" and "&#8230;"
    cleaned = clean_lines(lines, title=clean_title(title, site))
    return Cleaned(
        title=clean_title(cleaned.title, site),
        lines=cleaned.lines,
        own_hashtags=cleaned.own_hashtags,
        declared_language=declared,
        site_name=" ".join(site.split()),
    )
