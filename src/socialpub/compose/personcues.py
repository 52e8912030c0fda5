"""What shows that a name belongs to a person, in each supported language.

Latin script (used by ``names``):
- a common given name as the name's first word ("Christian Drosten", "Helen Carter"): the list
  below is hand-written for socialpub from general knowledge of frequent given names in the
  countries of the supported languages (no third-party list copied; Apache-2.0). Names that
  also start well-known places, firms, trophies and games ("Stanley Cup", "Morgan Stanley",
  "Mercedes Benz", "Santiago de Chile", "Louis Vuitton", "Hugo Boss", "Mario Kart") are left out
  on purpose;
- (``names`` itself also counts a title before the name and the surname used alone.)

Chinese, Japanese, Korean (used for ``cjkterms``' terms): a common family name followed by one or
two characters (Korean: two syllables), directly followed by a word that only people take: a
title ("教授", "先生", "氏", "씨"), or a verb of saying ("表示", "说", "말했다"). Only such
names are people; "梁振英" becomes one when the text writes "梁振英表示" or "特首梁振英".
"""

from __future__ import annotations

import re

from socialpub.compose.lexicon import strip_elision, words_of

GIVEN_NAMES = words_of(
    """
    aaron adam adrian alan albert alex alexander alexandra alice alicia amanda amy andrea andreas
    andrew angela anna anne annie anthony antonio barbara ben benjamin bernd bill bob boris brian
    carlos carmen caroline catherine charles charlotte chris christian christina christine
    christopher claire claudia daniel david deborah dennis diana donald dorothy edward elena
    elizabeth emily emma eric erik eva frank fred gary george gerhard greg hannah hans harry
    heinz helen helmut henry hugh ian isabel jack jacob james jan jane janet jason jean jeff
    jennifer jens jessica joe johann johannes john jonathan jose joseph joshua juan julia julian
    jürgen karen karin karl kate katharina kathrin kevin klaus kurt laura lisa louise lucas lucy
    maria marie mark markus martin mary matthew matthias max michael michelle mike monika nancy
    nicholas nicole olaf oliver patricia patrick paul peter petra philip rachel ralf rebecca
    richard robert ronald ruth sabine sam samuel sandra sarah sebastian simon sophie stefan
    stephen steven susan susanne thomas tim timothy tobias tom ursula uwe walter
    werner william wolfgang
    abigail alison amber andy angelina anita ann arthur ashley barry beth betty bonnie brad
    brandon brenda brett bruce carl carol carolyn cheryl chloe cindy colin connor craig
    dan dana darren dave debbie derek diane donna doug dylan ed eileen ellen emma
    erin ethan evan fiona frances gavin gemma gordon graham greta hailee harold heather
    holly howard jake jamie jared jeffrey jenny jeremy jerry jesse jill jim jimmy joan joanne
    joel jon josh joyce judith judy julie justin karen katie keith kelly ken kenneth
    kerry kim kimberly kyle larry leah leo liam linda lindsey lisa lori luke lynn
    maggie marcus margaret marilyn matt megan melissa mia mitchell molly nathan
    neil nick nigel noah olivia pam pamela phil phillip rachel ray rebecca rex rick rob robin
    rod roger ron russell ryan sally samantha scott sean sharon shaun sheila shirley stacy
    steve stuart sue sylvia ted terry theresa tiffany toby todd tony tracy trevor troy
    valerie vanessa vince vincent wayne wendy
    alain andré anne-marie antoine benoît bernard camille catherine céline christophe claude
    élisabeth emmanuel éric françois françoise frédéric gérard hélène isabelle jacques jean-claude
    jean-luc jean-marc jean-pierre julien laurent léa lucie marc marine mathieu michel nathalie
    nicolas olivier philippe pierre sandrine sébastien stéphane sylvie thierry valérie véronique
    yves
    alberto alejandro ana ángel beatriz cristina diego dolores eduardo elena enrique
    fernando francisco gabriel guillermo ignacio isabel javier jesús jorge josé lucía luis
    manuel marta miguel pablo pedro pilar rafael ramón raúl ricardo roberto rosa
    sergio teresa
    alessandro andrea carlo chiara davide federico francesca giorgia giorgio giovanni giulia
    giuseppe lorenzo luca marco matteo paola paolo roberta sergio silvia stefano
    antónio fábio gonçalo joão luísa mariana miguel paulo rui tiago
    bram daan dirk geert hendrik jaap jeroen joost koen lieke maarten mark pieter ruud sander
    sanne thijs wim
    barack hillary kamala elon mitt rishi keir jacinda narendra vladimir volodymyr
    friedrich annalena ulrich dieter günter manfred horst rainer jörg norbert lothar heike
    birgit gabriele angelika renate sigmar saskia cem
    édouard ségolène rachida manon chloé raphaël jules théo léo
    lionel cristiano gustavo andrés mauricio nicolás sebastián rodrigo gonzalo martín
    valentina camila sofía ximena daniela alejandra mónica lorena
    silvio enrico fabio massimo francesco riccardo simone
    luisa karolina korinna lena lea leonie emilia sophia hanna lina lara jonas lukas felix
    maximilian jakob moritz niklas anton emil theo jana nina katrin kristina elias
    moisés gabriela mateo matías irina anastasia ivan dmitri antony amrita alvaro
    luiz jair dilma thiago felipe juliana fernanda
    hiroshi takashi kenji haruki satoshi shinzo fumio naoki takeshi kazuo koji yuko yoko
    keiko akiko tomoko hiroko
    mohammed muhammad mohamed ahmed ahmad hassan hussein omar khalid fatima aisha mustafa
    mehmet recep ayşe emre yusuf ibrahim abdullah mesut
    rahul priya amit sanjay vijay anil sunil arvind sunita
    sergei sergey dmitry alexei olga natalia tatiana andrzej piotr krzysztof agnieszka
    katarzyna
    lars sven anders ingrid astrid björn nils mette adolf henrik
    """
    # common given names of the supported languages, leaving out those that are also common
    # words or places in one of them ("Clara", "Vera", "Julio", "Florence", "Wolf", "Bas")
    """
    achim adriana adriano adrien afonso agathe agustín aidan alessia alessio alexandre alexis alfie
    alfonso alfred alistair alois amandine amira amália amélie anaïs anette anja anke annegret
    annette anouk antje antonella antonia araceli archie arianna arlo armin arnaud arnd arne arnold
    arturo asunción aurora aurélie axel baptiste barnaby bastien beate beatrice benedikt benito
    berit bernhard bertram bertrand bethany bettina bodo brigitte bruna bruno burkhard bärbel
    caetano caitlin callum cameron carla carola carolin carsten casey catalina catarina cecilia
    cesare christa christel christiane christoph claudio cláudia cody conny consuelo cora coralie
    corinna cornelia courtney cristian cécile césar dagmar damian damien daniele darcy dario
    delphine detlef dexter didier dietmar dietrich diogo domenico dominic dominik dominique doris
    dorothea duarte duncan edgar edith eduarda egon ekkehard eleanor elfriede elisa elisabeth elke
    elliot elmar eloise emanuele emilio erich erika ernesto ernst erwin esteban esther ettore eugen
    eugenia evelyn ewald fabian fabien fabrice fabrizio falk femke fidel filipa filippo florian
    francisca franz franziska frauke freek freya frieder friederike frits fritz fulvio gabi gareth
    gaëlle geneviève georg georgina gerardo gerd gerda germán gernot gert gertrud giacomo gianluca
    gianni gijs gillian gino gisela giulio gottfried gregor gregorio gudrun guilherme guillaume
    gunnar gustav günther hanneke hannelore hannes harald harriet hartmut harvey heidi heiko
    heinrich heinz-peter helga helge henning henrique herbert heribert hermann hernán hervé
    hildegard holger horacio hubert hubertus héctor ilaria ilse imogen ines inga ingeborg ingo inés
    inês irene irmgard isaac isabell ivonne jaime jan-peter janina jayden jelle joachim joana
    joaquín jochen jodie joep johanna joris josefina josephine josiane jost joël jutta jérôme
    karine karl-heinz karsten katja kayla kees kerstin kieran kirsten kirsty klara konrad kristin
    käthe lachlan laetitia lauren leonardo leonhard leonor leticia lewis lieselotte logan loredana
    lorna loïc lucien ludovic ludwig luigi lutz luuk lydia mabel magdalena maik malcolm manuela
    marcel marcello marcelo marcos mareike margaux margot marianne mariano marieke mario marion
    marlene marloes martha martina mathias mathilde matilda matilde maud maureen maurizio maxine
    mechthild meike melanie michaela michela michele miriam mirjam mirko morgane murielle mélanie
    nadine nadja naomi nathaniel nerea nicola niels noor nora noémie nuno octavio olli ortrud oskar
    ottmar owen pascal patrice patricio patrizia patrícia paula penelope perrine philipp phoebe pia
    piero pim priscilla quentin raffaele ralph raquel reinhard reinhold remedios renata renato rene
    rené rhys rik rita rocco rocío roel rogelio roland rolf rory rosie rutger régis rémi rüdiger
    sabrina salvatore sara sascha scarlett seth silke sjoerd solène sonja stefanie steffen steffi
    stephan stijn susana susann svenja swen sylvain tanja tara tess tessa thea theodor theodore
    thibault thorsten tilman tina tiziana tomás toni torsten tristan udo ulf ulises ulla ulrike
    umberto uta ute valerio veronika vicente victor viktor virginie vittorio volker víctor vítor
    waltraud warren wilfried wilhelm willem willi winfried wolfram wouter xavier yannick yolanda
    yvonne zachary zoe álvaro élodie émilie étienne
 """
)


def is_given_name(word: str) -> bool:
    """A common given name, also elided ("d'Emmanuel Macron") or joined ("Jean-Paul",
    "Anne-Sophie": every part a given name)."""
    low = strip_elision(word).lower()
    if low in GIVEN_NAMES:
        return True
    parts = low.split("-")
    return len(parts) > 1 and all(p in GIVEN_NAMES for p in parts)


_ZH_SURNAMES = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮"
    "邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范"
    "金石廖贾賈夏韦韋方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢"
    "严嚴覃武戴莫孔向汤湯习習"
)
_ZH_CUES = (
    "表示|指出|认为|認為|说|說|称|稱|强调|強調|透露|先生|女士|教授|博士|主席|总统|總統|特首|"
    "总理|總理|部长|部長|局长|局長|市长|市長|议员|議員|医生|醫生|记者|記者|发言人|發言人"
)
_ZH_TITLES_BEFORE = (
    "特首|主席|总统|總統|总理|總理|部长|部長|局长|局長|市长|市長|议员|議員|教授|医生|醫生|"
    "记者|記者|发言人|發言人|行政长官|行政長官"
)
_ZH_AFTER = re.compile(rf"([{_ZH_SURNAMES}][\u4e00-\u9fff]{{1,2}}?)(?:{_ZH_CUES})")
_ZH_BEFORE = re.compile(rf"(?:{_ZH_TITLES_BEFORE})([{_ZH_SURNAMES}][\u4e00-\u9fff]{{1,2}})")

_JA_CUES = "氏|さん|容疑者|被告|首相|社長|会長|教授|選手|監督|知事|市長|議員|大臣"
_JA_AFTER = re.compile(rf"([\u4e00-\u9fff々]{{2,4}})(?:{_JA_CUES})")
_JA_NOT_NAME_END = "都道府県市区町村党省庁社国"  # "東京都知事" is the governor of Tokyo

_KO_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
_KO_CUES = "씨|대통령|장관|의원|교수|대표|감독|선수|총리|위원장|회장|시장|지사|기자|박사|"
_KO_PERSON = re.compile(
    rf"(?<![\uac00-\ud7a3])([{_KO_SURNAMES}][\uac00-\ud7a3]{{2}})\s?"
    rf"(?:{_KO_CUES.rstrip('|')}|(?:은|는|이|가)\s[^.]{{0,40}}?말했다)"
)


def cjk_people(text: str, language: str) -> frozenset[str]:
    """Personal names the text shows to be people's, for Chinese, Japanese and Korean."""
    if language == "zh":
        found = {m.group(1) for m in _ZH_AFTER.finditer(text)}
        found |= {m.group(1) for m in _ZH_BEFORE.finditer(text)}
        # a three-character name is the likelier reading: "梁振英表示" is 梁振英, not 梁振
        found |= {
            m.group(0)[:3]
            for m in re.finditer(rf"[{_ZH_SURNAMES}][\u4e00-\u9fff]{{2}}(?:{_ZH_CUES})", text)
        }
        return frozenset(found)
    if language == "ja":
        names = (m.group(1) for m in _JA_AFTER.finditer(text))
        return frozenset(n for n in names if n[-1] not in _JA_NOT_NAME_END)
    if language == "ko":
        return frozenset(m.group(1) for m in _KO_PERSON.finditer(text))
    return frozenset()


def is_cjk_person_term(term: str, people: frozenset[str]) -> bool:
    """A term that is a person's name, or a name with a title glued to it ("梁振英表示")."""
    return any(
        term == name or (term.startswith(name) and len(term) - len(name) <= 3) for name in people
    )
