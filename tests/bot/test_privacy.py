"""The identifier guard (bot.privacy): one group of tests per kind, disguises, and the dev corpus.

Every example here is invented for these tests; numbers carry valid check digits where the kind
needs them.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.privacy import Finding, GuardRules, is_blocking, is_overridable, scan

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "identifier-guard-dev.jsonl"
STRUCTURED = ("nhs_number", "nino", "postcode", "phone", "email", "date_of_birth", "case_reference")
FREE_TEXT = ("child_name", "address", "school")
STRUCTURED_RECALL = 0.99
FREE_TEXT_RECALL = 0.85
MAX_CLEAN_FP_RATE = 0.03


def found(text: str, kind: str, rules: GuardRules | None = None) -> list[str]:
    """The text of every finding of ``kind``."""
    return [text[f.start : f.end] for f in scan(text, rules) if f.kind == kind]


def kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


# --- NHS and CHI numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Baby's NHS number is 401 023 2137 for the red book.", "401 023 2137"),
        ("NHS 4010232137 in case the GP asks.", "4010232137"),
        ("Health need 401-023-2137 to book it.", "401-023-2137"),
        ("NHS no. 401.023.2137 please.", "401.023.2137"),
    ],
)
def test_nhs_number_in_common_formats(text: str, number: str) -> None:
    assert found(text, "nhs_number") == [number]


def test_nhs_number_is_high_confidence() -> None:
    (finding,) = scan("NHS 401 023 2137")
    assert finding.confidence == "high"
    assert "NHS" in finding.reason


@pytest.mark.parametrize(
    "text",
    [
        "Meeting ID: 401 023 213 788 Passcode: hT4k9q",
        "Mum is now using the NHS app to book appointments.",
        "No names, DOBs or NHS numbers in this channel please.",
    ],
)
def test_not_an_nhs_number(text: str) -> None:
    assert "nhs_number" not in kinds(text)


def test_a_mistyped_nhs_number_after_its_label_is_a_low_confidence_warning() -> None:
    findings = [f for f in scan("NHS no 401 023 2138 is what the form says.") if f.kind == "nhs_number"]
    assert [(f.confidence, f.reason) for f in findings] == [("low", "a ten-digit number labelled as an NHS number")]
    assert "nhs_number" not in kinds("Reference 401 023 2138 from the room booking system.")


def test_a_spelled_out_email_after_another_at_is_still_found() -> None:
    text = "Email grandad at bill.turner59 at example dot org to invite him"
    assert found(text, "email") == ["bill.turner59 at example dot org"]


def test_chi_number_with_cue_and_date() -> None:
    assert found("Scottish CHI 1503120007 from the Fife team.", "chi_number") == ["1503120007"]


def test_chi_number_without_cue_reads_its_date() -> None:
    (finding,) = scan("Record from Dundee: 1503120007.")
    assert finding.kind == "chi_number"
    assert finding.confidence == "high"


# --- National Insurance numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "nino"),
    [
        ("Mum's NI is JR 71 52 90 C for the form.", "JR 71 52 90 C"),
        ("NINO jr715290c, sorted.", "jr715290c"),
        ("Dad's NI number: AB123456D.", "AB123456D"),
    ],
)
def test_nino(text: str, nino: str) -> None:
    assert found(text, "nino") == [nino]
    assert scan(text)[0].confidence == "high"


@pytest.mark.parametrize(
    "text",
    [
        "NI QQ 12 34 56 C",  # Q is never a first letter
        "NI BG 12 34 56 A",  # reserved prefix
        "NI AO 12 34 56 A",  # O is never a second letter
        "NI AB 12 34 56 E",  # suffix must be A-D
    ],
)
def test_not_a_nino(text: str) -> None:
    assert "nino" not in kinds(text)


# --- Unique Pupil Numbers ------------------------------------------------------------------------


def test_upn_with_valid_check_letter() -> None:
    assert found("UPN T938201500012 for the admissions team.", "upn") == ["T938201500012"]


def test_upn_with_wrong_check_letter_is_ignored() -> None:
    assert "upn" not in kinds("UPN A938201500012 for the admissions team.")


# --- Postcodes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("They have moved to IP33 2QW this week.", "IP33 2QW"),
        ("Taxi from nr147bd at nine.", "nr147bd"),
        ("Visit at SW1A 1AA tomorrow.", "SW1A 1AA"),
        ("New flat in m4 5jd, lovely.", "m4 5jd"),
    ],
)
def test_postcode_any_case_with_or_without_space(text: str, postcode: str) -> None:
    assert found(text, "postcode") == [postcode]


def test_postcode_with_house_number_is_high_confidence() -> None:
    text = "New address: 12 Orchard Close, IP33 2QW."
    by_kind = {f.kind: f for f in scan(text)}
    assert by_kind["postcode"].confidence == "high"
    assert by_kind["address"].confidence == "low"


def test_postcode_alone_is_flagged_low() -> None:
    (finding,) = scan("Drove out to IP33 2QW for the FNM.")
    assert (finding.kind, finding.confidence) == ("postcode", "low")


@pytest.mark.parametrize(
    "text",
    [
        "Stuck in traffic on the A47 again.",
        "Early Help shouldn't be a postcode lottery.",
        "Passcode: kP9sTx for the session.",
        "Meet in Room 4B at 2pm.",
    ],
)
def test_not_a_postcode(text: str) -> None:
    assert "postcode" not in kinds(text)


# --- Phone numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Mum's new mobile is 07946 123456.", "07946 123456"),
        ("Ring Nan on 07946123456 after six.", "07946123456"),
        ("Grandad: 01603 555 281.", "01603 555 281"),
        ("Landline (01603) 555281 for Nan.", "(01603) 555281"),
        ("Dad is on +44 7946 123456 now.", "+44 7946 123456"),
        ("Use +44 (0)1603 555281 please.", "+44 (0)1603 555281"),
        ("Drama number 07700 900123 for Dad.", "07700 900123"),
        ("Old number 01632 960123 is dead.", "01632 960123"),
        ("Leeds line 0113 496 0123 for Nan.", "0113 496 0123"),
        ("London line 020 7946 0123 for Mum.", "020 7946 0123"),
        ("Mum's mobile 07946.123.456 please.", "07946.123.456"),
    ],
)
def test_uk_phone_numbers(text: str, phone: str) -> None:
    assert found(text, "phone") == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "Meeting ID: 306 762 698 981 Passcode: cMPj97",
        "If you need the office, ring ext 2290.",
        "IT ticket INC0097977 is raised.",
        "Scaling went from 0-10 to 7/10 in a month.",
    ],
)
def test_not_a_phone_number(text: str) -> None:
    assert "phone" not in kinds(text)


# --- E-mail addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Send it to dean.k77@example.net please.", "dean.k77@example.net"),
        ("Her email is tasha_b@example.co.uk now.", "tasha_b@example.co.uk"),
        ("Email Dad: deano at example dot com", "deano at example dot com"),
        ("Mum prefers tash.b [at] example [dot] org", "tash.b [at] example [dot] org"),
        ("Or tash.b (at) example (dot) org", "tash.b (at) example (dot) org"),
    ],
)
def test_email_addresses_plain_and_spelled_out(text: str, email: str) -> None:
    assert found(text, "email") == [email]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks @priya.shah for covering duty!",
        "Meet at Norwich library at ten.",
        "Guidance is at gov.uk for anyone who needs it.",
    ],
)
def test_not_an_email(text: str) -> None:
    assert "email" not in kinds(text)


# --- Dates of birth ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 03/11/2016 for the health form.", "03/11/2016"),
        ("d.o.b. 2016-11-03, thanks.", "2016-11-03"),
        ("Born 3rd November 2016 at the N&N.", "3rd November 2016"),
        ("Date of birth: 3 Nov 2016.", "3 Nov 2016"),
        ("His DOB is 3.11.16 on the referral.", "3.11.16"),
        ("Baby was born on November 3, 2025.", "November 3, 2025"),
    ],
)
def test_date_of_birth_after_a_cue_spans_the_date_only(text: str, date: str) -> None:
    assert found(text, "date_of_birth") == [date]
    assert scan(text)[0].confidence == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Review on 28/05/2026 was the calmest I have chaired.",
        "Group supervision is Fri 23/05 at 9:30.",
        "This idea was born in group supervision.",
        "Happy 10th birthday to Signs of Safety in our county!",
        "A 7 year old boy chose 8/10 on the scale.",
    ],
)
def test_not_a_date_of_birth(text: str) -> None:
    assert "date_of_birth" not in kinds(text)


def test_age_after_a_named_child_is_flagged_low() -> None:
    text = "Ollie (6) drew his safety house today."
    assert found(text, "date_of_birth") == ["6"]
    assert found(text, "child_name") == ["Ollie"]


def test_date_pasted_next_to_an_nhs_number_is_a_date_of_birth() -> None:
    text = "Pasted by mistake: 401 023 2137 14.02.2015 sorry!"
    assert found(text, "date_of_birth") == ["14.02.2015"]


# --- Street addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("The family at 9 Brambling Close have a new dog.", "9 Brambling Close"),
        ("Moved to 7a Mill Lane last week.", "7a Mill Lane"),
        ("Send it to Flat 2, 19 Orchard Gardens please.", "Flat 2, 19 Orchard Gardens"),
        ("Visit at 140 St Giles Street.", "140 St Giles Street"),
        ("Party at 3 The Green on Sunday.", "3 The Green"),
    ],
)
def test_street_address(text: str, address: str) -> None:
    assert found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Room change: group supervision is now in Room 2.14.",
        "After 3 Family Court hearings the plan is settled.",
        "Working Together 2023 talks about partnership.",
        "Moved from 3 to 7 on the scale.",
    ],
)
def test_not_an_address(text: str) -> None:
    assert "address" not in kinds(text)


# --- Schools -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("She's settled at Larkspur Primary School now.", "Larkspur Primary School"),
        ("Thanks to Cley Marsh Academy for the room.", "Cley Marsh Academy"),
        ("Starts at Hollybrook Infant School in May.", "Hollybrook Infant School"),
        ("He loves Little Owls Nursery.", "Little Owls Nursery"),
        ("Move to Thornfield High School agreed.", "Thornfield High School"),
        ("Pick-ups from St Withburga's C of E Primary are sorted.", "St Withburga's C of E Primary"),
        ("The DSL at Wensum Vale Primary Academy joined us.", "Wensum Vale Primary Academy"),
    ],
)
def test_named_school(text: str, school: str) -> None:
    assert found(text, "school") == [school]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks to the school nurse for the lovely update.",
        "7 schools came to the KCSIE training.",
        "The move to secondary school is in the plan.",
    ],
)
def test_not_a_school(text: str) -> None:
    assert "school" not in kinds(text)


# --- Case references -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Update LCS-0071234 with the plan.", "LCS-0071234"),
        ("It's on Mosaic ID 2468013 if you need it.", "2468013"),
        ("See Case ID 54321 for the chronology.", "54321"),
        ("Appreciative inquiry on case no. 7 1 3 5 0 2 2 today.", "7 1 3 5 0 2 2"),
        ("Record is LCS ref 1357924.", "1357924"),
    ],
)
def test_case_reference_span_is_the_code(text: str, code: str) -> None:
    assert found(text, "case_reference") == [code]


@pytest.mark.parametrize(
    "text",
    [
        "IT ticket INC0097977 is raised for the Teams issue.",
        "Case mapping on a Friday afternoon: 7 practitioners.",
        "Section 47 closed with no further action.",
    ],
)
def test_not_a_case_reference(text: str) -> None:
    assert "case_reference" not in kinds(text)


def test_extra_patterns_from_the_org_file() -> None:
    rules = GuardRules(extra_patterns=(("case_reference", r"\bNCC-\d{6}\b"), ("upn", r"pupil (?P<value>\d{5})")))
    text = "Filed under NCC-123456, pupil 98765."
    assert found(text, "case_reference", rules) == ["NCC-123456"]
    assert found(text, "upn", rules) == ["98765"]
    assert "case_reference" not in kinds(text)


@pytest.mark.parametrize("pattern", [("case_reference", r"NCC-(\d{6}"), ("favourite_colour", r"blue")])
def test_bad_extra_patterns_are_refused_up_front(pattern: tuple[str, str]) -> None:
    with pytest.raises(ValueError, match="extra_patterns"):
        GuardRules(extra_patterns=(pattern,))


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Network meeting for Imogen Thackeray went brilliantly.", ["Imogen Thackeray"]),
        ("Nan Doreen has set up a rota for the whole network.", ["Doreen"]),
        ("Auntie Bev and Uncle Rohan came to the FNM.", ["Bev", "Rohan"]),
        ("Ruaridh (8) drew his house of worries.", ["Ruaridh"]),
        ("Keeley's NHS number came through today.", ["Keeley"]),
        ("Mum is Shanice O'Leary, for the record.", ["Shanice O'Leary"]),
        ("Direct work with Alfie-Jay using the three houses.", ["Alfie-Jay"]),
        ("Quennell (his nan) now does every school run.", ["Quennell"]),
    ],
)
def test_names_in_a_case_context(text: str, names: list[str]) -> None:
    assert found(text, "child_name") == names


@pytest.mark.parametrize(
    "text",
    [
        "Our practice lead Bernadette has booked the Yare Room for mapping.",
        "Thanks to Kwame from the health visiting team for the session.",
        "Happy retirement to Gillian, who ran our first family network meeting.",
        "Big thanks to <at>Imogen Thackeray</at> for the brilliant seminar!",
        "Thanks @imogen.t and <@U04MN8LQ2> for covering duty.",
        "First family in King's Lynn to use the new booklet.",
        "Early Help shouldn't be a postcode lottery in Dereham.",
        "Dad chaired the meeting and Mum wrote the plan.",
        "Group supervision mapped 'Child A' and 'Child B'.",
        "Will anyone be at the seminar on Friday?",
        "The diary is full from May onwards.",
    ],
)
def test_no_names_flagged(text: str) -> None:
    assert "child_name" not in kinds(text)


def test_allowed_words_are_never_names() -> None:
    text = "Direct work with Imogen today, lovely session."
    assert found(text, "child_name") == ["Imogen"]
    assert found(text, "child_name", GuardRules(allowed_words=frozenset({"imogen"}))) == []


# --- Normalisation and spans ---------------------------------------------------------------------


def test_spans_point_into_the_original_text() -> None:
    text = "🎉 NHS ４０１\u200b０２３ ２１３７ and NI ЈR 71 52 90 С, email dean.k77@exаmple.net."
    by_kind = {f.kind: text[f.start : f.end] for f in scan(text)}
    assert by_kind == {
        "nhs_number": "４０１\u200b０２３ ２１３７",
        "nino": "ЈR 71 52 90 С",
        "email": "dean.k77@exаmple.net",
    }


def test_spaced_and_dotted_digits_are_joined() -> None:
    text = "NHS 4 0 1 0 2 3 2 1 3 7, mobile 0.7.9.4.6.1.2.3.4.5.6, DOB 0 3 / 1 1 / 2 0 1 6"
    assert sorted(f.kind for f in scan(text)) == ["date_of_birth", "nhs_number", "phone"]
    first = scan(text)[0]
    assert text[first.start : first.end] == "4 0 1 0 2 3 2 1 3 7"


def test_bidi_controls_are_ignored() -> None:
    assert kinds("Mum's NI JR\u202e 71 52 90 C\u202c please") == {"nino"}


def test_family_emoji_and_clean_posts_have_no_findings() -> None:
    assert scan("Family 👨\u200d👩\u200d👧\u200d👦 of six, one safety plan. Well done @rach.t! :clap:") == []
    assert scan("") == []


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "Kai Brennan, DOB 03/11/2016, NHS 401 023 2137, 9 Brambling Close, IP33 2QW, LCS-0071234."
    findings = scan(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert [f.kind for f in findings] == [
        "child_name", "date_of_birth", "nhs_number", "address", "postcode", "case_reference",
    ]  # fmt: skip


# --- Overriding ----------------------------------------------------------------------------------


def test_only_check_tier_findings_can_be_overridden() -> None:
    check = Finding("child_name", 0, 3, "low", "a name", "check")
    block = Finding("nhs_number", 4, 14, "high", "an NHS number", "block")
    assert is_overridable([check])
    assert not is_overridable([check, block])
    assert is_overridable([])
    assert is_overridable(scan("Network meeting with Imogen today."))
    assert not is_overridable(scan("NHS 401 023 2137"))


# --- Disguises never hide an identifier (property) -----------------------------------------------

EMBEDDED = [
    ("NHS ", "4010232137", " for the GP.", "nhs_number"),
    ("Mum's NI is ", "JR715290C", " today.", "nino"),
    ("They moved to ", "IP33 2QW", " last week.", "postcode"),
    ("Dad's mobile ", "07946 123456", " now.", "phone"),
    ("Email ", "dean.k77@example.net", " please.", "email"),
    ("DOB ", "03/11/2016", " for health.", "date_of_birth"),
    ("Update ", "LCS-0071234", " please.", "case_reference"),
    ("UPN ", "T938201500012", " for school.", "upn"),
]
LOOKALIKES = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "I": "І", "S": "Ѕ",
}  # fmt: skip
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202c", "\u2066"]


def disguise(value: str, data: st.DataObject) -> str:
    """Full-width characters, look-alike letters and invisible characters, drawn at random."""
    out = []
    for index, char in enumerate(value):
        choice = data.draw(st.sampled_from(["keep", "wide", "lookalike"]))
        shown = char
        if choice == "wide" and char.isascii() and char.isalnum():
            shown = chr(ord(char) + 0xFEE0)  # full-width form of an ASCII letter or digit
        elif choice == "lookalike" and char in LOOKALIKES:
            shown = LOOKALIKES[char]
        out.append(shown)
        if index < len(value) - 1 and data.draw(st.integers(0, 3)) == 0:
            out.append(data.draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(EMBEDDED), data=st.data())
def test_disguises_never_hide_an_identifier(case: tuple[str, str, str, str], data: st.DataObject) -> None:
    prefix, value, suffix, kind = case
    disguised = disguise(value, data)
    text = prefix + disguised + suffix
    start, end = len(prefix), len(prefix) + len(disguised)
    matches = [f for f in scan(text) if f.kind == kind and f.start < end and start < f.end]
    assert matches, f"{kind} hidden in {text!r}"
    assert (matches[0].start, matches[0].end) == (start, end)


# --- Development corpus --------------------------------------------------------------------------


def _covered(findings: list[Finding], start: int, end: int, kind: str) -> bool:
    return any(f.kind == kind and f.start < end and start < f.end for f in findings)


@pytest.mark.skipif(not CORPUS.exists(), reason=f"development corpus not found at {CORPUS}")
def test_development_corpus_meets_targets() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    clean = clean_flagged = 0
    for row in rows:
        findings = scan(row["text"])
        if not row["spans"]:
            clean += 1
            clean_flagged += bool(findings)
            continue
        for start, end, kind in row["spans"]:
            total[kind] += 1
            hit[kind] += _covered(findings, start, end, kind)
    recall = {kind: hit[kind] / total[kind] for kind in total}
    lines = [f"{kind:<16}{hit[kind]:>4}/{total[kind]:<4}{recall[kind]:.3f}" for kind in sorted(total)]
    fp_rate = clean_flagged / clean
    lines.append(f"clean-line false positives: {clean_flagged}/{clean} = {fp_rate:.3f}")
    print("\nidentifier guard recall (development corpus)\n" + "\n".join(lines))  # noqa: T201 - the table is the report
    for kind in STRUCTURED:
        assert recall[kind] >= STRUCTURED_RECALL, kind
    for kind in FREE_TEXT:
        assert recall[kind] >= FREE_TEXT_RECALL, kind
    assert fp_rate <= MAX_CLEAN_FP_RATE


# --- Nothing hides from the scan (property, over the development corpus) -------------------------

HIDING_CATEGORIES = st.one_of(
    st.characters(categories=["Cf"]),  # format: zero-width, bidi, soft hyphen, tag characters
    st.characters(categories=["Co"]),  # private use
    st.characters(min_codepoint=0xFE00, max_codepoint=0xFE0F),  # variation selectors
    st.characters(min_codepoint=0xE0100, max_codepoint=0xE01EF),  # variation selectors supplement
    st.characters(min_codepoint=0xE0020, max_codepoint=0xE007F),  # tag characters
    st.just("\u20e3"),  # the keycap of 4️⃣
)
# Between digits, anything that shows as a gap or a separator joins the digit groups again.
DIGIT_SEPARATORS = st.sampled_from(
    ["/", ",", "_", "·", "•", "⁄", "  ", "\t", "\n", " / ", "\x0b", "\u2800", "\u3164", "\u115f", "\uffa0"]
)
# Markup that adds no words of its own (a word between a label and its value, as in "case no.
# <note 4260018>", is tested in the flows with unlabelled identifiers instead).
WRAPPERS = [
    ("<", ">"), ("‹", ">"), ("<https://example.org/a|", ">"), ("*", "*"), ("_", "_"), ("~", "~"),
    ("`", "`"), ("<at>", "</at>"), ("@", ""), ("#", ""), ("&lt;", "&gt;"), ("<b>", "</b>"),
]  # fmt: skip


def _corpus_spans() -> list[tuple[str, int, int, str]]:
    if not CORPUS.exists():
        return [("NHS 4010232137 today", 4, 14, "nhs_number")]
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    spans = [(r["text"], s, e, k) for r in rows for s, e, k in r["spans"]]
    return [(t, s, e, k) for t, s, e, k in spans if _still_found(scan(t), s, e, k)]


def _still_found(findings: list[Finding], start: int, end: int, kind: str) -> bool:
    return any(f.start < end and start < f.end and (f.kind == kind or f.tier == "block") for f in findings)


SPANS = _corpus_spans()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(SPANS), data=st.data())
def test_no_inserted_invisible_character_or_separator_hides_an_identifier(
    case: tuple[str, int, int, str], data: st.DataObject
) -> None:
    """An invisible character never hides the identifier itself. A visible gap between two digits
    (a slash, a bullet, spaces, a tab) may read as two numbers when other numbers stand next to it
    in a record paste, so there the promise is the post's: it is still blocked."""
    text, start, end, kind = case
    value = text[start:end]
    if len(value) < 2:  # nothing to insert between
        return
    at = data.draw(st.integers(1, len(value) - 1))
    inserted = data.draw(HIDING_CATEGORIES)
    if value[at - 1].isdigit() and value[at].isdigit():
        inserted = data.draw(st.one_of(st.just(inserted), DIGIT_SEPARATORS))
    disguised = value[:at] + inserted + value[at:]
    changed = text[:start] + disguised + text[end:]
    findings = scan(changed)
    if inserted.isprintable() or inserted.isspace():
        assert is_blocking(findings) or _still_found(findings, start, start + len(disguised), kind), repr(changed)
    else:
        assert _still_found(findings, start, start + len(disguised), kind), repr(changed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(SPANS), wrapper=st.sampled_from(WRAPPERS))
def test_no_markup_wrapper_hides_an_identifier(case: tuple[str, int, int, str], wrapper: tuple[str, str]) -> None:
    text, start, end, kind = case
    before, after = wrapper
    changed = text[:start] + before + text[start:end] + after + text[end:]
    shift = len(before)
    assert _still_found(scan(changed), start + shift, end + shift, kind), repr(changed)
