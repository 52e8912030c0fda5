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
