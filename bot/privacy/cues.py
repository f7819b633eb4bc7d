"""The context cues the name detector reads around a capitalised word (compiled once at import).

"Before" patterns are anchored at the end of the text before the word, "after" patterns at the
start of the text after it.
"""

from __future__ import annotations

import re
from typing import Final

from bot.privacy.wordlists import FAMILY_ROLES, STAFF_ROLES

ROLES_ALT: Final = "|".join(sorted((re.escape(r) for r in FAMILY_ROLES), key=len, reverse=True))
STAFF_ALT: Final = "|".join(sorted((re.escape(r) for r in STAFF_ROLES), key=len, reverse=True))

TOKEN: Final = re.compile(
    r"(?<![\w'’@.#/\-])(?:[A-Z]['’][A-Z][a-z]+|[A-Z][a-z]+(?:[A-Z][a-z]+)?)(?:-[A-Z][a-z]+)*(?![\w@])"
)
FAMILY_BEFORE: Final = re.compile(
    rf"(?:\b(?:{ROLES_ALT})\s*(?:is|was|called|named|,|:|\()?|\b(?:lives?|living|staying|stays)\s+with"
    r"|\byear[- ]old|\bthe\s+child|\byoung\s+person"
    r"|\b(?:yn\s+)?byw\s+(?:gyda|efo|hefo)|\b(?:mlwydd\s+|blwydd\s+)?oed\s*,?|\by\s+plentyn)\s*$",  # Welsh
    re.IGNORECASE,
)
# Welsh ages: "7 oed", "7 mlwydd oed", "6 mis" (months).
_CY_AGE: Final = r"(?:m|b)lwydd(?:\s+oed)?|oed|mis"
AGE_AFTER: Final = re.compile(
    rf"^\s*(?:\(\s*(?:aged?\s*|yn\s+)?\d{{1,2}}\s*(?:yrs?|years?(?:\s+old)?|y/?o|months?|{_CY_AGE})?\s*[),]"
    rf"|,\s*(?:aged?\s+|yn\s+)?\d{{1,2}}\s*(?:,|\)|\b(?:years?|yrs?|y/?o|months?|{_CY_AGE})\b)"
    rf"|,?\s*(?:sy['’]n|yn)\s+\d{{1,2}}\s*(?:{_CY_AGE})\b"
    r"|,?\s*aged\s+\d{1,2}\b|\(\s*Year\s+\d{1,2}\b"
    r"|,?\s*(?:who\s+is|is)\s+(?:only\s+|now\s+|just\s+)?\d{1,2}\s*(?:years?|yrs?)\b"
    r"|,?\s*(?:who\s+is|who['’]s|is|turned|turns|has\s+just\s+turned)\s+(?:only\s+|now\s+|just\s+|nearly\s+)?"
    r"\d{1,2}(?![\d/:.%]|\s*(?:minutes?|mins?|hours?|hrs?|out\s+of|/|th\b|st\b|nd\b|rd\b|am\b|pm\b|o['’]clock)))",
    re.IGNORECASE,
)
SCHOOL_YEAR: Final = re.compile(r"\(\s*Year\s", re.IGNORECASE)
AGE_NUMBER: Final = re.compile(
    rf"(?:aged?\s*)?\d{{1,2}}(?:\s*(?:yrs?|years?(?:\s+old)?|y/?o|months?|{_CY_AGE}))?", re.IGNORECASE
)
ROLE_AFTER: Final = re.compile(
    r"^\s*[,(]\s*(?:(?:his|her|their|the|my|our|a)\s+)?"
    r"(?:(?:maternal|paternal|great|step|older|younger|little|big|baby|eldest|youngest|twin)[\s\-]+)*"
    rf"(?:{ROLES_ALT})\b(?!\s+(?:agenc|organisation|service|team|worker|staff|professional))",
    re.IGNORECASE,
)
# "Kiran and his foster carer", "Ben and his sisters", "Femi and his two brothers": a child with family.
# Welsh: "Osian a'i frawd", "Cerys gyda'i nain".
WITH_FAMILY_AFTER: Final = re.compile(
    r"^\s+(?:(?:and|&|with)\s+(?:his|her|their)|(?:a|gyda|efo|hefo)['’](?:i|u))\s+"
    r"(?:(?:two|three|four|five|maternal|paternal|great|step|older|younger|little|big|baby|eldest|youngest|"
    r"twin|new|foster)[\s\-]+)*"
    rf"(?:{ROLES_ALT}|brothers|sisters|siblings)\b",
    re.IGNORECASE,
)
IDENT_WORDS: Final = r"(?:DOB|d\.?\s?o\.?\s?b|born|NHS|NI|NINO|e-?mail|mobile|phone|number|address|postcode|UPN|CHI)"
IDENT_AFTER: Final = re.compile(
    rf"^\s*[,(:]?\s*(?:(?:new|own|full|old|home|personal)\s+)*{IDENT_WORDS}\b", re.IGNORECASE
)
POSSESSIVE_AFTER: Final = re.compile(
    r"^['’]s\s+(?:(?:new|own|little|big|baby|older|younger|first|latest|current|old|full|home)\s+)*"
    rf"(?:{ROLES_ALT}|{IDENT_WORDS}|worries|worry|wishes|words|safety|house|bedroom|teacher|class|school|"
    r"nursery|GP|health|case|story|views|voice|birthday|name|family|plan|network|placement|contact|"
    r"record|file|details|dog|cat|room|drawing|picture|pictures|scaling|scale|behaviour|attendance|"
    r"progress|confidence|reading|speech|hearing|weight|appointment|referral|assessment|plan's)\b",
    re.IGNORECASE,
)
AND_GAP: Final = re.compile(r"\s+(?:and|&)\s+")
PAIR_AFTER: Final = re.compile(r"^\s+(?:and|&)\s+([A-Z][a-z]+)\b")
PAIR_BEFORE: Final = re.compile(r"\b([A-Z][a-z]+)\s+(?:and|&)\s+$")

STAFF_BEFORE: Final = re.compile(
    rf"(?:\b(?:{STAFF_ALT})s?\s*,?|\b(?:supervision|mentoring|catch-up|1:1|one-to-one|co-working|"
    r"shadowing|coaching)\s+with)\s*$",
    re.IGNORECASE,
)
STAFF_AFTER: Final = re.compile(
    r"^\s*,?\s*(?:\(\s*(?:SW|PL|TM|IRO|HV|DSL|SENCo|AP|ASYE|NQSW|PA|SSW|ATM)\s*\)"
    r"|(?:from|in|at)\s+(?:the|our)\s+(?:[\w&'’\-]+\s+){0,4}?(?:team|service|hub|unit|nursing|clinic|"
    r"department|office|agency|charity|police|camhs|council|project|lado|mash|board|partnership)\b"
    r"|from\s+(?:[\w&'’\-]+\s+){0,3}?(?:team|service|hub|unit|clinic|department|agency|charity|police|"
    r"camhs|council|project|lado|mash|partnership|L&D|HR|IT|legal|probation|housing|education|YOT|health)"
    r"(?![\w&])"
    r"|in\s+(?:business\s+support|admin|HR|IT|finance|L&D|legal|performance|reception)\b"
    r"|(?:our|the|a|is\s+(?:now\s+)?(?:our|the))\s+(?:(?:new|lovely|brilliant|amazing|fab|senior|lead)\s+)*"
    rf"(?:[\w\-]+\s+){{0,2}}(?:{STAFF_ALT})s?\b"
    r"|(?:will|to|are|is)\s+(?:be\s+)?(?:co-?)?(?:facilitat\w+|present\w*|deliver\w*|run\w*|lead\w*|chair\w*)"
    r"\s+(?:a|an|the|our|this|next|today's)\s"
    r"|(?:has\s+)?(?:taken\s+over|joined(?:\s+us)?|started|stepped\s+(?:up|in)|stepping\s+in)\s+as\s+"
    rf"(?:(?:the|our|a|an|new)\s+)*(?:[\w\-]+\s+)?(?:{STAFF_ALT})\b"
    r"|(?:who\s+)?(?:ran|runs|facilitated|facilitates|presented|presents|delivered|delivers|led|leads|"
    r"organised|organises|hosted|hosts)\s+(?:a|an|the|our|their|this|today's)?\s*(?:[\w'’\-]+\s+){0,3}?"
    r"(?:session|seminar|workshop|training|inquiry|supervision|team\s+meeting|mapping|clinic|drop-in|"
    r"refresher|briefing|audit|group|presentation|induction)s?\b"
    r"|who\s+(?:ran|runs|led|leads|facilitated|facilitates|chaired|chairs|trained|trains|presented|"
    r"presents|delivered|delivers|organised|organises|set\s+up|manages|managed|coordinated|supervises|"
    r"supervised|retires|retired|is\s+leaving|joined\s+the\s+team|mentors|mentored|sorted|arranged|"
    r"booked|covered|fixed))",
    re.IGNORECASE,
)
THANKS_BEFORE: Final = re.compile(
    r"\b(?:thanks|thank\s+you|shout[\s\-]?out|kudos|big\s+up|well\s+done|congratulations|congrats|props|"
    r"cheers|diolch(?:\s+yn\s+fawr)?|llongyfarchiadau)\s+(?:to\s+|i\s+|i['’]r\s+)?(?:our\s+)?"
    r"(?:(?:lovely|brilliant|amazing|wonderful|fab|fabulous|new)\s+)?$",
    re.IGNORECASE,
)
FAREWELL_BEFORE: Final = re.compile(
    r"\b(?:happy\s+retirement|retirement|farewell|goodbye|good\s+luck|welcome(?:\s+back)?|welcoming)"
    r"\s+(?:to\s+)?(?:our\s+)?(?:(?:lovely|brilliant|amazing|wonderful|new)\s+)?$",
    re.IGNORECASE,
)
WORK_WORDS: Final = re.compile(
    r"\b(?:seminar|training|workshop|session|presentation|facilitat\w*|supervision|duty|retire\w*|"
    r"leaving|covering|practice\s+lead\w*|ASYE|qualif\w*|mentor\w*|audit|team\s+meeting|drop-in|"
    r"induction|rota|panel|caseload|colleague\w*"
    r"|sesiwn|hyfforddiant|gweithdy|goruchwyliaeth|cydweithiwr|cydweithwyr|ymddeol)\b",  # Welsh
    re.IGNORECASE,
)
# Words that tie a thank-you to a family rather than to a colleague.
FAMILY_WORDS: Final = re.compile(
    rf"\b(?:(?:her|his|their)\s+own|{ROLES_ALT}|{IDENT_WORDS})\b",
    re.IGNORECASE,
)
NOT_NAME_BEFORE: Final = re.compile(r"(?:\b(?:St|Saint|St\.)\s+|\b[A-Z][a-z]+['’]s\s+|\bin\s+)$")
RAG_BEFORE: Final = re.compile(r"\b(?:rated|rating|RAG|red|green|status|as)\s+$", re.IGNORECASE)
WORDLIKE_BEFORE: Final = re.compile(
    r"\b(?:in|on|at|from|since|until|till|by|of|during|this|next|last|every|early|late|mid|end|the|a|an|"
    r"into|before|after)\s+$",
    re.IGNORECASE,
)
PERSON_VERB: Final = re.compile(
    r"^\s+(?:has|had|is|was|said|says|told|tells|asked|asks|wants|wanted|drew|draws|chose|came|went|"
    r"loves|loved|scaled|started|got|did|made|corrected|agreed|wrote|read|called|texted|rang|emailed|"
    r"gave|showed|managed|feels|felt|moved|lives|lived|stayed|joined|attends|attended|turned|kept|"
    r"tried|took|helped|sent|cried|smiled|laughed|played|walked|needs|needed|can't|won't|didn't|"
    r"doesn't|isn't|wasn't|hasn't|goes|does|likes|gets|makes|takes|comes|thinks|knows|keeps|sleeps|"
    r"will|would|can|could|should|might|must|now|always|never|finally|just|really|still|also|even|"
    r"then|only|already|won|ran|sat|left|brought|bought|began|became|found|heard|held|led|lost|met|paid|"
    r"put|saw|spoke|stood|swam|taught|thought|threw|understood|woke|wore|built|caught|ate|fell|flew|grew|"
    r"knew|spent|stuck|walks|talks|sings|reads|helps|smiles|laughs|hopes|sees|plays|runs|sits|eats|"
    r"writes|chooses|enjoys|hates|were|are|[a-z]+ed)\b"
)
# What may follow a known name at the start of a sentence: a verb, a bracket or comma, a possessive
# ("Zofia's NHS number"), or "and" plus another capitalised word ("Ivy and Tiago").
INITIAL_OK_AFTER: Final = re.compile(r"^(?:\s*[(),:;\-–]|\s+\d|\s+(?:and|&)\s+[A-Z]|['’]s\s)")
# "Rachel's Law", "Noah's Ark": a named thing, not a person.
NAMED_THING_AFTER: Final = re.compile(
    r"^['’]s\s+(?:Law|Act|Review|Report|Inquiry|Principle|Syndrome|Disease|Day|Trust|Fund|Ark|ark|House|Hospice)\b"
)
# Verbs that, right after an unknown capitalised word, make it a person ("Rhylee texted").
STRONG_VERB_AFTER: Final = re.compile(
    r"^\s+(?:drew|draws|chose|chooses|scaled|scales|corrected|texted|texts|cried|smiled|laughed|played|"
    r"walked|hugged|giggled|whispered|sang|danced|smiles|cries|laughs|came\s+out"
    r"|is\s+now\s+(?:at|in|living|staying)|is\s+(?:now\s+)?(?:at|in)\s+\d+"
    r"|(?:said|says|asked|told\s+\w+|whispered|shouted)\s*[,:]?\s*['\"“‘]|called\s+[A-Z][a-z]+)\b"
)
# Verbs an organisation could also be the subject of: they need a gendered pronoun nearby.
SPEECH_VERB_AFTER: Final = re.compile(
    r"^\s+(?:said|says|told|tells|asked|asks|agreed|called|wrote|rang|emailed|feels|felt|loves|loved|"
    r"shouted|admitted|explained|decided|promised|signed|chaired|hosted|invited)\b"
)
# Verbs that take a person as their object ("helped Brysen", "persuading Laylani").
OBJECT_VERB_BEFORE: Final = re.compile(
    r"\b(?:helped|helping|helps|persuaded|persuading|celebrate|celebrating|supporting|supported|praised|"
    r"told|asked|invited|inviting|encouraged|encouraging|reminded|met|visited|visiting|hugged|congratulate|"
    r"collected|picked\s+up|dropped\s+off|drove|ring|rang|phoned|texted|emailed|reassured|thanked|called|named"
    r"|(?:houses|pictures|fairies|house|direct\s+work|inquiry|session|visit|chat|walk)\s+with)\s+$",
    re.IGNORECASE,
)
# "a game called Jenga": a thing, not a person, is being named.
THING_CALLED_BEFORE: Final = re.compile(
    r"\b(?:a|an|the|this|that|our|their|new)\s+[\w\-]+\s+(?:called|named)\s+$", re.IGNORECASE
)
# Everyday verbs: an unknown word before one counts only when a personal pronoun follows.
PLAIN_VERB_AFTER: Final = re.compile(
    r"^\s+(?:has|had|is|was|went|got|did|made|started|came|needs|needed|wants|wanted|loves|now|will|can|"
    r"could|would|and\s+(?:her|his|their)|isn't|wasn't|doesn't|didn't|won't|can't)\b"
)
PRONOUN: Final = re.compile(r"\b(?:she|he|her|his|him|herself|himself)\b", re.IGNORECASE)
BARE_AGE_AFTER: Final = re.compile(r"^\s*\(\d{1,2}\)")
RECORD_AFTER: Final = re.compile(r"^\s*[,(]?\s*\d")
# An unknown first name plus surname is taken after these ("for Jaxtyn Blyth", "with Kelan Nnadi").
FULL_NAME_BEFORE: Final = re.compile(r"(?:\b(?:with|for|to|from|by|about|and)\s+|[:;]\s+)$", re.IGNORECASE)

# What makes a named person a child or family member whatever the staff list says.
CHILD_POSSESSIVE_AFTER: Final = re.compile(
    r"^['’]s\s+(?:(?:new|own|little|big|baby|older|younger|first|current|old|home|twin)\s+)*"
    rf"(?:{ROLES_ALT}|{IDENT_WORDS}|school|nursery|class|teacher|bedroom|house|home|birthday|foster|"
    r"placement|worries|worry|wishes|three\s+houses|drawing|cot|buggy|pram|toys?|GP|health\s+visitor|"
    r"social\s+worker|CP\s+plan|child\s+protection|siblings?)\b"
    r"(?!\s+(?:template|tool|session|training|resource|guide|slides|workshop|sheet|pack|agenc|team))",
    re.IGNORECASE,
)
CHILD_STATUS_AFTER: Final = re.compile(
    r"^\s*,?\s*(?:who\s+|that\s+)?(?:is|was|has\s+been|'s)\s+(?:now\s+|still\s+)?"
    r"(?:on\s+(?:a|the|her|his|their)\s+(?:CP|child\s+protection|CIN|child\s+in\s+need)\s+plan"
    r"|(?:looked\s+after|in\s+care|in\s+foster\s+care|subject\s+to|at\s+risk|excluded|in\s+Year\s+\d+"
    r"|a\s+looked[\s\-]after\s+child|a\s+child\s+in\s+need))",
    re.IGNORECASE,
)
CHILD_BEFORE: Final = re.compile(
    r"\b(?:little|baby|young|toddler|newborn|wee|tiny|lovely\s+little|the\s+twins?,?)\s+$", re.IGNORECASE
)
