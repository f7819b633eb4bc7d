"""Word lists shared by the free-text detectors (names, addresses, schools). All lower case."""

from __future__ import annotations

from typing import Final


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


MONTHS_AND_DAYS: Final = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed weds thu thur thurs fri sat sun christmas easter summer
    autumn winter spring halloween diwali eid ramadan hanukkah"""
)

# Family roles: a capitalised word after one of these is a family member's name ("Nan Sheila").
FAMILY_ROLES: Final = _words(
    """mum mam mom mummy mother dad daddy father nan nana nanna nanny gran granny grandma grandmother
    nonna babcia grandad granddad grandpa grandfather grampy grandparent auntie aunty aunt uncle
    cousin stepdad stepmum step-dad step-mum stepfather stepmother sister brother sibling son daughter
    baby niece nephew partner boyfriend girlfriend husband wife fiance fiancee carer kinship child
    kid toddler teen teenager newborn twin twins stepson stepdaughter brother-in-law sister-in-law
    godmother godfather
    tad nain taid mamgu mam-gu tadcu tad-cu brawd chwaer plentyn babi modryb ewythr mab merch
    fam thad nhad mham frawd mrawd blentyn phlentyn mhlentyn fabi thaid nhaid fodryb famgu fam-gu dadcu dad-cu"""
)  # the Welsh ones after "godfather", with the mutated forms ("ei fam", "ei thad", "fy mrawd")

# Professional roles: a name right after one of these belongs to staff ("practice lead Rosemary").
STAFF_ROLES: Final = _words(
    """lead leader manager colleague worker sw iro supervisor consultant visitor hv nurse teacher
    head headteacher dsl senco gp dr doctor advocate officer mentor trainer facilitator student
    coordinator co-ordinator director practitioner therapist psychologist admin administrator deputy
    tutor cllr councillor pl tm asye nqsw chair assistant apprentice paediatrician midwife
    receptionist solicitor barrister judge magistrate cafcass pc sergeant inspector constable
    minister secretary principal interpreter translator educator intern volunteer analyst founder
    author researcher professor prof academic lecturer trainee"""
)

# Capitalised words that are never someone's name on their own (sentence starts, jargon, places).
COMMON: Final = _words(
    """a about above after again against all also always am an and another any anyone anything are
    around as at away back be because been before being below best better between big both brilliant
    but by came can cannot could day did do does doing done down during each early easy either else
    even ever every everyone everything few first for found from full further get gets getting give
    given go going good got great had has have having he her here hers herself him himself his how
    i if in into is it its itself just keep kind last later least less let lets like little long lot
    lots lovely made make many may maybe me more most much must my myself need never new next nice no
    nobody none nor not nothing now of off often oh ok okay old on once one only or other our ours
    out over own please proud quick quite rather really right same saw say said see seen she should
    since so some someone something soon sorry still such sure take than thank thanks that the their
    them then there these they thing things this those though through to today together tomorrow too
    took under until up upon us very was we well went were what when where which while who whole whom
    why will with without would yes yesterday yet you your yours yourself huge massive amazing
    wonderful fantastic team win shout heads update reminder reflection reflective celebration
    celebrating congratulations congrats welcome happy hello hi hey dear morning afternoon evening
    night week weeks month months year years time times note notes family families network meeting
    meetings plan plans safety signs practice social work worker workers children child kids parents
    parent group supervision case cases mapping session sessions seminar seminars training workshop
    review reviews conference visit visits school schools home house houses words pictures danger
    statement statements goal goals scale scaling tools tool direct feedback stats story stories news
    good bad honest honestly finally first second third final ps re fwd fw nb via per minutes agenda
    room office hub centre center unit service services council county city town village locality
    west east north south central norfolk england uk britain british english scottish welsh irish
    polish lithuanian romanian portuguese bulgarian latvian spanish italian french german european
    islam muslim christian jewish hindu sikh god jesus allah lord health care early help help
    protection assessment referral referrals court legal police nhs gp camhs sencos teams slack
    zoom email phone mobile number address postcode form forms record records report reports letter
    letters app link links template templates drive folder file files ticket passcode id ext
    extension level step steps part parts section act working together keynote gathering drop-in
    friday feel-good twelve ten nine eight seven six five four three two eleven hundred thousand
    zero none child's children's anyone's everyone's someone's dad's mum's nan's gran's today's
    yesterday's tomorrow's week's year's month's cp cin plo icpc fnm ai sofs dsl lac la mash ehm ehat
    caf tac taf ofsted dwp hmrc ucas gcse gcses sats yr am pm bank holiday holidays bless ugh wow
    omg lol fab brill ace cheers cool yay hooray bravo legend legends star stars hero heroes wizard
    wizards fairy fairies dragon dragons cake tea coffee biscuits lunch dinner breakfast universal
    credit credits benefit benefits allowance payment payments pension tax advice citizens jobcentre
    plus aid start action appreciative inquiry offending youth justice domestic abuse adult adults
    public mental housing welfare rights independence personal carers carer's whatsapp facetime
    google microsoft outlook excel word powerpoint sharepoint onedrive laptop iphone android
    mae roedd bydd aeth daeth cafodd cawsom diolch llongyfarchiadau croeso dywedodd gwnaeth rhannodd
    siaradodd heddiw ddoe yfory dyma dyna hwyl da iawn ond ac pob efo gyda bore prynhawn nos fy ei eu
    ein eich yn ym yng wedi sut pam beth pwy pryd ble lle mi fe nid dim oes ydy ydi oedd fydd tîm tim
    teulu teuluoedd cyfarfod rhwydwaith cynllun diogelwch map mapio sesiwn gweithdy hyfforddiant
    gweithiwr gweithwyr cymdeithasol arwyddion ymarfer plant plentyn cymraeg cymru gymraeg nadolig
    blwyddyn newydd dda"""
)  # the Welsh ones after "android": sentence words, so "Mae Cerys" is not read as a full name

# Welsh words that are also given names ("Mae"): never a name when a capitalised word follows.
WELSH_NOT_NAMES: Final = _words("mae")

STREET_SUFFIXES: Final = (
    "Road", "Rd", "Lane", "Ln", "Close", "Cl", "Street", "St", "Avenue", "Ave", "Way", "Drive", "Dr",
    "Court", "Ct", "Crescent", "Cres", "Gardens", "Gdns", "Place", "Pl", "Terrace", "Terr", "Row",
    "Walk", "Grove", "Hill", "Rise", "Mews", "Square", "Sq", "Park", "Parade", "View", "Green",
    "Yard", "Wharf", "Meadow", "Meadows", "Mead", "Croft", "Chase", "Vale", "Gate", "End", "Loke",
    "Boulevard", "Esplanade", "Quay", "Bank", "Approach", "Hollow", "Heights", "Fields", "Field",
    "Lea", "Corner", "Cottages", "Villas", "Wynd", "Brae", "Path", "Passage", "Circus", "Link",
    "Market", "Common", "Crossway", "Causeway", "Pightle", "Drove", "Dell", "Copse", "Glade",
    "Orchard", "Paddock", "Ridge", "Spinney", "Wood", "Woods", "Reach", "Side", "Steps", "Yards",
)  # fmt: skip

# Welsh words that name the kind of a school, not the school ("Ysgol Gymraeg", "Ysgol Gynradd").
WELSH_SCHOOL_KINDS: Final = _words(
    """gymraeg cymraeg gynradd cynradd uwchradd feithrin meithrin babanod iau gyfun cyfun gymunedol
    eglwys sant santes y yr gatholig arbennig ddwyieithog ganol canol haf sul"""
)

# Words after a name that make it a place or organisation, not a person ("Victoria Road").
# Street suffixes that are also common surnames (Hill, Green, Wood, Lane ...) are left out.
ORG_WORDS: Final = _words(
    """road rd street avenue ave close drive crescent terrace gardens place square mews parade
    boulevard esplanade quay wharf loke primary academy school nursery infant infants junior juniors
    college secondary grammar university church chapel cathedral mosque temple hospital ward clinic
    surgery centre center hub team room house hall library station stadium locality district
    council trust foundation project service services unit estate village bridge club cafe café
    pub hotel hostel sands beach gallery museum theatre cinema"""
)

# Words that keep a case-context court or official body from reading as an address.
NOT_STREET_WORDS: Final = _words("family crown magistrates county high youth appeal supreme juvenile coroners")

# Leading words trimmed from a school name ("Thanks to Fenwick Marsh Primary").
SCHOOL_LEAD_STOP: Final = (
    FAMILY_ROLES
    | STAFF_ROLES
    | _words(
        """the a an at to from in into for with by of on and but so also thanks thank our their his her my
    your huge big massive lovely great well done congratulations congrats welcome shout today
    yesterday update reminder new both all team win visit visited visiting attends attending
    attended joined joining starts started moved sent called rang emailed hosting hosted ps re sorry
    hi hello dear quick proud good news brilliant amazing fantastic please"""
    )
)

# Name-like words that only count as a name school or academy when other name words come first.
NOT_SCHOOL_WORDS: Final = _words(
    """social work practice leadership police training teaching football premier league military
    safety signs early help adult adults"""
)

# Given names that are also everyday words, months or places ("Will", "May", "Grace", "Chester").
WORDLIKE_NAMES: Final = _words(
    """will may june april august summer autumn winter hope joy faith grace mark bill pat sue rob don
    art guy frank sky star angel honey chase hunter miles drew dean lane glen glenn dale river brook
    reed cliff ray rich major king prince duke bear fox wolf sunny royal rocky sandy storm rain ocean
    misty christian roman earl norman eve ash sage clay stone kit gift bliss destiny harmony liberty
    trinity charity patience precious crystal pearl penny ginger rusty buddy robin jay wren lark basil
    mercy comfort prosper blessing noel grant said ford wade phoenix ace lincoln chester preston
    austin chelsea india georgia sydney milan devon vienna boston orlando justice victor florence
    paris verity felicity honor dash amber jade ruby rose holly ivy iris daisy lily poppy skye willow
    hazel violet olive heather fern jasmine blossom primrose saffron sapphire opal ember clover
    juniper maple taylor parker carter cooper fletcher archer max jack rio sonny"""
)
