"""Word lists the engine needs: function words, and words that make no hashtag."""

from __future__ import annotations


def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = words_of(
    """
    a about above according across after afterwards again against ago all almost alone along
    already also although always am among amongst an and another any anybody anyhow anyone
    anything anyway anywhere are aren't around as at away back be became because become
    becomes becoming been before beforehand behind being below beside besides between beyond
    both but by can cannot can't could couldn't did didn't do does doesn't doing done don't
    down during each either else elsewhere enough etc even ever every everyone everything
    everywhere except few for former formerly from further had hadn't has hasn't have
    haven't having he he'd he'll hence her here hereafter hereby herein here's hers herself
    he's him himself his how however how's i i'd if i'll i'm in indeed instead into is isn't
    it its it's itself i've just least less let let's like likely many may maybe me
    meanwhile might mine more moreover most mostly much must mustn't my myself namely
    neither never nevertheless next no nobody none noone nor not nothing now nowhere of off
    often on once one only onto or other others otherwise ought our ours ourselves out over
    own per perhaps quite rather really same says said say saying see seem seemed seeming
    seems several shall shan't she she'd she'll she's should shouldn't since so some somehow
    someone something sometime sometimes somewhere still such than that that's the their
    theirs them themselves then thence there thereafter thereby therefore therein there's
    these they they'd they'll they're they've this those though through throughout thus to
    together too toward towards under unless until up upon us very via was wasn't we we'd
    we'll well we're were weren't we've what whatever what's when whence whenever when's
    where whereafter whereas whereby wherein where's wherever whether which while whither
    who whoever whole whom who's whose why why's will with within without won't would
    wouldn't yet you you'd you'll your you're yours yourself yourselves you've mr mrs ms dr
    told tell tells asked ask get gets got getting go goes going gone went make makes made
    come comes came take takes took put puts thing things way ways lot lots yes oh ok okay
    also yeah whilst amid alongside http https www com html
    """
)

WEEKDAYS = words_of(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    """
)
MONTHS = words_of(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)

# Words a reader would never follow as a hashtag even when an article repeats them.
GENERIC = words_of(
    """
    today yesterday tomorrow tonight week weeks weekend month months year years day days
    time times hour hours minute minutes morning evening night people person man men woman
    women thing things part parts number numbers lot group groups area areas place places
    case cases issue issues fact facts point points end side sides kind world state states
    report reports reported statement news story stories article articles percent per cent
    million billion thousand hundred first second third last new old good bad big small
    great high low long many much more most several other others some any every whole half
    full able likely early late recent recently former latest next previous final top local
    major key certain according including however although because while told says said
    added spokesman spokeswoman official officials source sources comment comments click
    share follow subscribe newsletter read view site page home copyright rights reserved
    terms privacy policy cookies advertisement editor staff photo video image images getty
    different similar various important possible better best worse worst real true
    reuters ap afp
    """
)

# Function words per language: articles, prepositions, conjunctions, pronouns, auxiliaries and
# other words no tag may start or end with. English uses STOPWORDS above. Written for this
# project from the grammar of each language; CJK lists hold particles and function characters.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": STOPWORDS,
    "de": words_of(
        """
        der die das den dem des ein eine einen einem einer eines und oder aber denn sondern
        doch auch noch nur schon sehr so wie als ob wenn weil dass daß damit da dort hier
        ich du er sie es wir ihr mich mir dich dir ihn ihm ihnen uns euch sich mein meine
        dein sein seine ihre ihr unser unsere euer dieser diese dieses diesem diesen jener
        welche welcher welches man kein keine keinen nicht nichts mit von zu zum zur im in
        ins am an auf aus bei beim durch für gegen ohne um unter über vor nach seit bis
        zwischen neben hinter während wegen trotz laut pro ab ist sind war waren wird werden
        wurde wurden worden sein hat haben hatte hatten kann können konnte muss müssen soll
        sollen sollte will wollen darf dürfen mag möchte würde würden gibt gab geht ging alle
        allem allen aller alles andere anderen viel viele vielen mehr meisten etwa fast sowie
        bereits jetzt heute gestern morgen immer wieder dann danach davon dabei dazu darauf
        darin darüber dafür dagegen wo was wer wem wen wessen warum wann wieso weshalb
        jedoch zudem also eben etwa ja nein selbst sogar nun mal einmal vom beim ihrer ihren
        ihrem ihres unserer unseren unserem unseres seiner seinen seinem seines meiner meinen
        meinem deiner deren dessen jede jeder jeden jedem jedes eigene eigenen eigener
        einige einigen mehrere manche solche solchen deine deinen deinem deines eure euren
        eurem eurer eures
        """
    ),
    "fr": words_of(
        """
        le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi
        dont où ce cet cette ces c se s sa son ses leur leurs mon ma mes ton ta tes notre
        nos votre vos je j tu il elle on nous vous ils elles me m te t lui y en ne n pas
        plus moins très trop aussi ainsi alors bien déjà encore toujours jamais dans par
        pour avec sans sous sur chez entre vers contre depuis pendant avant après selon
        comme si est sont était étaient sera seront été être a ont avait avaient aura fait
        faire peut peuvent doit doivent tout toute tous toutes autre autres même mêmes
        chaque quelque quelques plusieurs cela ceci ça celui celle ceux celles lequel
        laquelle lesquels auquel duquel non oui puis enfin dont parmi lors hier aujourd
        certains certaines divers diverses nombreux nombreuses tel telle tels telles
        """
    ),
    "es": words_of(
        """
        el la los las lo un una unos unas y e o u ni pero sino que quien quienes cual
        cuales cuyo donde cuando como porque pues si no sí ya más menos muy tan también
        tampoco de del a al en con sin por para sobre entre hacia hasta desde durante
        tras según contra ante bajo su sus mi mis tu tus nuestro nuestra nuestros nuestras
        vuestro se me te le les nos os yo él ella ellos ellas usted ustedes este esta estos
        estas ese esa esos esas aquel aquella esto eso es son era eran fue fueron ser sido
        está están estaba estar ha han había haber hay hace hacer puede pueden debe deben
        todo toda todos todas otro otra otros otras mismo misma cada algún alguna algunos
        algunas muchos muchas mucho poco pocos varios ayer hoy mañana aún todavía entonces
        así luego además sólo solo
        """
    ),
    "it": words_of(
        """
        il lo la i gli le l un uno una un' e ed o od ma però che chi cui quale quali dove
        quando come perché se non più meno molto tanto anche già ancora sempre mai di del
        dello della dei degli delle d a al allo alla ai agli alle da dal dallo dalla dai
        dagli dalle in nel nello nella nei negli nelle con col coi su sul sullo sulla sui
        sugli sulle per tra fra verso senza sotto sopra contro dopo prima durante secondo
        suo sua suoi sue mio mia miei mie tuo tua nostro nostra loro si mi ti ci vi ne io
        tu lui lei noi voi essi esse questo questa questi queste quello quella quelli
        tuoi tue nostri nostre vostro vostra vostri vostre
        quelle è sono era erano fu furono essere stato stata ha hanno aveva avevano avere
        fa fare può possono deve devono tutto tutta tutti tutte altro altra altri altre
        ogni alcuni alcune ieri oggi domani poi quindi così inoltre dell all dall nell sull
        """
    ),
    "pt": words_of(
        """
        o a os as um uma uns umas e ou mas nem que quem qual quais cujo onde quando como
        porque porquê se não sim já mais menos muito muita muitos muitas tão também de do
        da dos das em no na nos nas num numa ao aos à às pelo pela pelos pelas por para
        com sem sobre entre até desde durante após contra ante sob segundo seu sua seus
        suas meu minha meus minhas nosso nossa nossos nossas lhe lhes me te nos vos eu tu
        ele ela eles elas você vocês este esta estes estas esse essa esses essas aquele
        aquela isto isso aquilo é são era eram foi foram ser sido está estão estava estar
        tem têm tinha ter há havia haver faz fazer pode podem deve devem todo toda todos
        todas outro outra outros outras mesmo mesma cada algum alguma alguns algumas
        ontem hoje amanhã ainda então assim depois além apenas só teu tua teus tuas vosso
        vossa vossos vossas
        """
    ),
    "nl": words_of(
        """
        de het een en of maar want dus dat die dit deze wie wat waar wanneer hoe waarom
        omdat als of niet geen wel ook nog al zeer heel meer minder erg zo van in op aan
        met voor naar bij uit over onder door tegen tussen tijdens na sinds tot zonder om
        per volgens zijn haar hun mijn jouw ons onze uw ik jij je hij zij ze wij we jullie
        u hem hen mij me zich er hier daar is zijn was waren wordt worden werd werden
        geweest heeft hebben had hadden kan kunnen kon moet moeten moest zal zullen zou
        zouden wil willen mag gaat ging doet doen alle allemaal andere veel vele elk elke
        iets niets iemand niemand gisteren vandaag morgen nu dan toen reeds al weer toch
        echter bovendien alleen zelf
        """
    ),
    # single-character particles and function characters; a term may not start or end with one
    "zh": words_of(
        """
        的 了 和 与 及 或 在 是 也 都 而 就 把 被 对 为 从 向 到 由 于 之 其 这 那 我 你 他 她
        它 们 着 过 吗 呢 吧 啊 不 没 很 又 还 将 等 以 并 但 如 若 所 该 此 每 各
        """
    ),
    "ja": words_of(
        """
        の は が を に で と も へ や か な ね よ から まで より など です ます した する して され
        ている という こと もの ため この その あの これ それ あれ
        """
    ),
    "ko": words_of(
        """
        은 는 이 가 을 를 의 에 에서 와 과 도 로 으로 만 께 한 및 또는 그리고
        그러나 하지만 이런 그런 저런 그 저 것 수 등 위해 대한 통해 있다 없다 했다 한다 하는
        """
    ),
}

# French and Italian elide an article or preposition onto the next word: "l'Université".
ELISIONS = (
    "l'",
    "d'",
    "j'",
    "qu'",
    "n'",
    "s'",
    "c'",
    "m'",
    "t'",
    "dell'",
    "all'",
    "dall'",
    "nell'",
    "sull'",
    "un'",
    "l’",
    "d’",
    "j’",
    "qu’",
    "n’",
    "s’",
    "c’",
    "m’",
    "t’",
    "dell’",
    "all’",
    "dall’",
    "nell’",
    "sull’",
    "un’",
)


def strip_elision(word: str) -> str:
    """ "l'Université" -> "Université": an elided article is no part of a tag or a name."""
    if "'" not in word and "’" not in word:
        return word  # every elision ends in an apostrophe: most words are passed at once
    low = word.lower()
    for prefix in ELISIONS:
        if low.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix) :]
    return word


# Words that make a capitalised term an organisation, place or programme rather than a person.
INSTITUTION_WORDS = words_of(
    """
    university universität université universidad università universidade universiteit
    college school institute institut instituto istituto hospital klinik clinic clinique
    council ministry ministerium ministère ministerio department agency foundation stiftung
    fondation fundación trust association society group company inc ltd llc corp corporation
    bank bundesbank league club party partei museum festival airport station river lake
    mountain park city county state republic kingdom union organisation organization
    centre center network service services office court commission committee parliament
    bundestag senate congress government regierung news times post journal press media
    cup championship games olympics awards prize programme program project fund force army
    navy police church cathedral street road avenue bridge island islands coast bay sea
    ocean valley hill hills north south east west northern southern eastern western new
    gmbh ag kg plc bv nv sarl s.a. s.p.a s.p.a.
    """
)

# Titles that mark the next capitalised words as a person's name.
HONORIFICS = words_of(
    """
    mr mrs ms miss dr prof professor sir dame lord lady president senator governor minister
    chancellor mayor judge bishop archbishop pope king queen prince princess rev reverend
    herr frau monsieur madame mme m señor señora sr sra signor signora dott dhr mevrouw
    ceo chairman chairwoman chief director coach captain general colonel
    präsident präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin professorin ministerin
    président présidente ministre juge juez jueza presidente presidenta ministro ministra
    alcalde alcaldesa sindaco giudice prefeito burgemeester minister-president
    honourable honorable hon supt superintendent sgt sergeant insp inspector lt lieutenant
    cpl corporal capt cmdr commander sheriff rabbi imam pastor
    secretary detective constable spokesperson spokesman spokeswoman councillor councilman
    councilwoman congressman congresswoman
    """
)

# Month and weekday names per language (English ones are above): a tag holding one is dated.
# Weekday names in the supported languages. Portuguese "segunda" … "sexta" are left to
# DATE_WORDS: they are ordinals too ("segunda" is "second"), so they mark no weekday.
WEEKDAY_NAMES = WEEKDAYS | words_of(
    """
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles jueves viernes sábado domingo
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    """
)
# Languages that capitalise names only, in headlines too ("Precios de los combustibles en
# Guatemala"), and write a name's own article with a capital ("en El Salvador", "à La Rochelle")
SENTENCE_CASE_LANGUAGES = frozenset({"fr", "es", "it", "pt", "nl"})
# Days named relative to now: they date a text, but are no part of a printed date stamp.
RELATIVE_DAYS = words_of(
    """
    today tonight tomorrow yesterday heute gestern übermorgen aujourd'hui demain hier
    hoy mañana ayer oggi domani ieri hoje amanhã ontem vandaag gisteren
    """
)
# Months in the seven languages (English also abbreviated), for dates.
MONTH_NAMES = MONTHS | words_of(
    """
    januar februar märz april mai juni juli august september oktober november dezember
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre
    dicembre
    janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
    januari februari maart april mei juni juli augustus september oktober november december
    """
)
DATE_WORDS = (
    MONTH_NAMES
    | WEEKDAY_NAMES
    | RELATIVE_DAYS
    | words_of(
        """
    segunda terça quarta quinta sexta
    """
    )
)

# Number words: a tag made only of these is a bare number.
NUMBER_WORDS = words_of(
    """
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred thousand million billion trillion dozen hundreds thousands millions billions
    eins zwei drei vier fünf sechs sieben acht neun zehn hundert tausend millionen milliarden
    zwanzig dreißig vierzig fünfzig
    un deux trois quatre cinq six sept huit neuf dix cent mille millions milliards
    vingt trente quarante cinquante soixante
    uno dos tres cuatro cinco seis siete ocho nueve diez cien mil millones
    veinte treinta cuarenta cincuenta
    due tre quattro cinque sei sette otto nove dieci cento mille milioni
    venti trenta quaranta cinquanta
    um dois três quatro cinco seis sete oito nove dez cem mil milhões
    vinte trinta quarenta cinquenta
    een twee drie vier vijf zes zeven acht negen tien honderd duizend miljoen miljard
    twintig dertig veertig vijftig
    """
)

# Ordinals that open a phrase of common nouns: "first offence", "zweite Welle".
ORDINAL_WORDS = words_of(
    """
    first second third fourth fifth erste ersten zweite zweiten dritte dritten
    premier première premiers premières deuxième troisième primero primera primeros primeras
    segundo segunda tercero tercera primo prima primi prime secondo seconda terzo terza
    primeiro primeira primeiros primeiras terceiro terceira eerste tweede derde
    """
)

# Words that join the parts of a name: "University of Leeds", "Banque de France".
NAME_JOINERS: dict[str, frozenset[str]] = {
    "en": words_of("of for and on the"),
    "de": words_of("für der des und von zu am an"),
    "fr": words_of("de des du la le et pour d"),
    "es": words_of("de del la las los y para"),
    "it": words_of("di del della dei delle e per"),
    "pt": words_of("de do da dos das e para"),
    "nl": words_of("van voor de het en"),
}

# Articles, and German's article-bearing prepositions ("im Kanton"): a capitalised run after one
# is a thing ("im Kanton Schaffhausen", "die Anti-Corona-Pille Paxlovid"), not a person's name.
# Portuguese is left out: it puts an article before people's names ("o João Silva").
ARTICLES: dict[str, frozenset[str]] = {
    "en": words_of("the a an"),
    "de": words_of(
        "der die das den dem des ein eine einen einem einer eines im am zum zur vom beim ins"
    ),
    "fr": words_of("le la les l un une du au aux"),
    "es": words_of("el la los las un una del al"),
    "it": words_of("il lo la i gli le l un uno una del dello della dei degli delle al allo alla"),
    "nl": words_of("de het een"),
}

# Words a noun follows and a verb does not: articles, possessives, prepositions. A single common
# word becomes a tag only when the article writes it after one of these at least once.
NOUN_MARKERS: dict[str, frozenset[str]] = {
    "en": words_of(
        """
        the a an this that these those its their our his her your my of for on in with about
        from by against new more than every each no some any many several
        """
    ),
    "de": words_of("der die das den dem des ein eine einen einem einer eines"),
    "fr": words_of("le la les l un une des du de d au aux ce cette ces sa son ses leur leurs"),
    "es": words_of("el la los las un una unos unas del al su sus este esta estos estas de"),
    "it": words_of("il lo la i gli le l un uno una del della dei degli delle al alla di"),
    "pt": words_of("o a os as um uma do da dos das no na nos nas ao pelo pela de"),
    "nl": words_of("de het een van deze dit die zijn haar hun"),
}
