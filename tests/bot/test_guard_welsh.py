"""The identifier guard in Welsh (issue 17): the cue words for a named child have Welsh equivalents.

A Welsh post that names a child (an age in "oed", a relation such as "nain" or "taid", "yn byw gyda",
a school named after "Ysgol") is blocked as its English equivalent is; Welsh practice talk that
names nobody passes.
"""

from __future__ import annotations

import pytest

from adapters.privacy_cli import rules_from_org_file
from bot.privacy import GuardRules, is_blocking, scan
from tests.conftest import DEMO_ORG


@pytest.fixture(scope="module")
def rules() -> GuardRules:
    return rules_from_org_file(DEMO_ORG)


@pytest.mark.parametrize(
    ("welsh", "english"),
    [
        ("Mae Cerys, 7 oed, yn byw gyda'i nain", "Cerys, aged 7, lives with her nan"),
        ("Aeth Osian i Ysgol Gymraeg Llanrug", "Osian went to Llanrug Primary"),
        ("Mae Osian, 9 mlwydd oed, yn hoffi pêl-droed", "Osian, 9 years old, likes football"),
        ("Mae Cerys (7 oed) yn hapus", "Cerys (7) is happy"),
        ("Mae Cerys yn byw gyda'i nain", "Cerys lives with her nan"),
        ("Mae Gwen yn byw efo'i thaid", "Gwen lives with her grandad"),
        ("Aeth Osian a'i frawd i'r parc", "Osian and his brother went to the park"),
        ("Roedd tad Osian yn y cyfarfod rhwydwaith", "Osian's dad was at the network meeting"),
        ("Mae'r plentyn, Cerys, yn hapus", "The child, Cerys, is happy"),
        ("Mae Sam, 6 oed, wedi dechrau yn Ysgol y Garnedd", "Sam, aged 6, has started at Garnedd Primary"),
        ("Mae Dylan, sy'n 8 oed, wedi sgorio 7", "Dylan, who is 8, scored 7"),
    ],
)
def test_a_welsh_post_naming_a_child_is_blocked_as_the_english_one_is(
    rules: GuardRules, welsh: str, english: str
) -> None:
    assert is_blocking(scan(english, rules)), english
    findings = scan(welsh, rules)
    assert is_blocking(findings), (welsh, findings)
    assert "child_name" in {f.kind for f in findings}


def test_a_welsh_school_is_found_after_ysgol(rules: GuardRules) -> None:
    text = "Aeth Osian i Ysgol Gymraeg Llanrug"
    schools = [f for f in scan(text, rules) if f.kind == "school"]
    assert [text[f.start : f.end] for f in schools] == ["Ysgol Gymraeg Llanrug"]
    assert all(f.tier == "block" for f in schools)


@pytest.mark.parametrize(
    "text",
    [
        "Roedd y map yn help mawr i'r tîm",
        "Mae'r cynllun diogelwch yn barod",
        "Aeth y plant i'r ysgol heddiw",
        "Cawsom gyfarfod da yn Ysgol Gymraeg y bore 'ma",
        "Mae'r plentyn 7 oed yn hapus gyda'i nain",
        "Llongyfarchiadau i'r tîm yng Nghaernarfon!",
        "Diolch i Grace am gadeirio'r cyfarfod rhwydwaith",
        "Diolch yn fawr i Kiran am y sesiwn ar gwestiynau graddio",
    ],
)
def test_welsh_practice_talk_naming_nobody_passes(rules: GuardRules, text: str) -> None:
    assert scan(text, rules) == [], text


def test_english_mae_is_still_a_name_on_its_own(rules: GuardRules) -> None:
    # "Mae" is skipped only as the Welsh verb before another capitalised word
    assert is_blocking(scan("Mae (7) lives with her nan", rules))
