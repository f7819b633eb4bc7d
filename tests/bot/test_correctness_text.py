"""Text that a week of real use would trip over (issue 14): plurals, "(optional)", notification fallbacks,
Slack modal titles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from adapters.slack.metadata import FormMeta
from adapters.slack.render import MODAL_TITLE, modal_view, render_message
from bot import texts
from bot.domain.nudge_messages import pulse_reply
from bot.replies import FormBlock, Reply, notification_text
from tests.conftest import ROOT, Bot
from tests.factories import command

SOURCES = [ROOT / "bot", ROOT / "adapters", ROOT / "scheduler"]
HAND_MADE = re.compile(r"""== 1 else f?["']""")  # "1 day" if n == 1 else f"{n} days"


def catalogue_strings() -> dict[str, str]:
    """Every sentence constant in ``bot.texts`` (dictionaries and tuples opened up)."""
    found: dict[str, str] = {}
    for name, value in vars(texts).items():
        if name.isupper():
            if isinstance(value, str):
                found[name] = value
            elif isinstance(value, dict):
                found |= {f"{name}[{k}]": str(v) for k, v in value.items()}
    return found


# --- one plural helper ---------------------------------------------------------------------------


def test_the_plural_helper_counts_nouns() -> None:
    assert texts.plural(1, "story", "stories") == "1 story"
    assert texts.plural(2, "story", "stories") == "2 stories"
    assert texts.plural(0, "story", "stories") == "0 stories"
    assert texts.plural(1, "channel", "channels") == "1 channel"


@pytest.mark.parametrize(
    ("sentence", "values", "one", "many"),
    [
        (texts.REVIEW_POSTED, {}, "1 channel.", "2 channels."),
        (texts.RESULT_TICKS, {}, "1 tick", "2 ticks"),
        (texts.MAP_SCALE_PEOPLE, {}, "1 person", "2 people"),
        (texts.RESULT_EXHAUSTED, {}, "1 ballot had", "2 ballots had"),
        (texts.RESULT_NOT_FITTED, {}, "1 more topic did not fit", "2 more topics did not fit"),
    ],
)
def test_counted_sentences_agree_with_their_count(
    sentence: str, values: dict[str, object], one: str, many: str
) -> None:
    key = "votes" if sentence is texts.RESULT_TICKS else "count"
    assert one in sentence.format(**{key: 1}, **values)
    assert many in sentence.format(**{key: 2}, **values)


def test_a_meeting_count_of_one_is_singular() -> None:
    assert "1 of 1 meeting in" in texts.AGENDA_COVERAGE.format(with_item=1, held=1)
    assert "0 of 1 meeting in" in texts.DIGEST_COVERAGE.format(with_item=0, held=1)


def test_no_sentence_builds_a_plural_by_hand() -> None:
    assert {name: s for name, s in catalogue_strings().items() if "(s)" in s} == {}
    hand_made = []
    for folder in SOURCES:
        for path in folder.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if HAND_MADE.search(source) and path.parts[-2:] != ("texts", "plural.py"):
                hand_made.append(str(path.relative_to(ROOT)))
    # the web notices are the web adapter's to change (issue 14 leaves them to it): the only one left
    assert set(hand_made) <= {"adapters/web/notices.py"}, hand_made


# --- "(optional)" once ---------------------------------------------------------------------------


def test_no_label_carries_optional_the_renderers_add_it() -> None:
    labels = {name: s for name, s in catalogue_strings().items() if name != "FORM_OPTIONAL"}
    assert {name: s for name, s in labels.items() if texts.FORM_OPTIONAL in s} == {}


async def test_an_optional_field_is_marked_once_on_slack(bot: Bot) -> None:
    [reply] = await bot.handler.handle(command("seminar", "propose", actor="sam.okafor"))
    form = reply.form
    assert form is not None
    view = modal_view(form, FormMeta())
    optional = [b for b in view["blocks"] if b.get("optional")]
    assert optional
    assert all(texts.FORM_OPTIONAL not in b["label"]["text"] for b in view["blocks"])


# --- notification fallbacks are sentences ---------------------------------------------------------


def test_a_slack_fallback_is_the_sentence_without_button_numbering() -> None:
    reply = pulse_reply("2026-12")
    fallback = render_message(reply).text
    assert "[1]" not in fallback
    assert texts.NUDGE_SNOOZE not in fallback
    assert fallback == texts.PULSE_QUESTION.format(month="December 2026")


async def test_every_reply_of_a_help_turn_has_a_sentence_fallback(bot: Bot) -> None:
    replies = await bot.handler.handle(command("sofs", "help"))
    for reply in replies:
        text = render_message(reply).text
        assert text.strip()
        assert "[1]" not in text
        assert text == notification_text(reply).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_reply_of_buttons_only_has_no_numbering() -> None:
    reply = Reply(blocks=pulse_reply("2026-12").blocks[1:])
    assert notification_text(reply) == ""
    assert render_message(reply).text == " "


# --- Slack modal titles ----------------------------------------------------------------------------


def form_titles() -> dict[str, str]:
    """The title and submit label of every ``FormBlock(...)`` in the source, read from the text catalogue.

    Every form is built from catalogue constants (``title=texts.X``); one that is not fails here, so a
    computed title cannot slip past the limit.
    """
    found: dict[str, str] = {}
    for folder in SOURCES:
        for path in folder.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "FormBlock"):
                    continue
                for keyword in node.keywords:
                    if keyword.arg in {"title", "submit_label"}:
                        value = keyword.value
                        where = f"{path.relative_to(ROOT)}:{node.lineno} {keyword.arg}"
                        assert isinstance(value, ast.Attribute), f"{where} is not a texts constant"
                        assert isinstance(value.value, ast.Name), where
                        assert value.value.id == "texts", f"{where} is not a texts constant"
                        found[where] = getattr(texts, value.attr)
    return found


def test_every_form_title_fits_a_slack_modal() -> None:
    titles = form_titles()
    assert len(titles) >= 10
    too_long = {where: title for where, title in titles.items() if len(title) > MODAL_TITLE}
    assert too_long == {}
    default_submit = FormBlock.model_fields["submit_label"].default
    assert isinstance(default_submit, str)
    assert len(default_submit) <= MODAL_TITLE


async def test_the_forms_the_intents_open_keep_their_whole_title_on_slack(bot: Bot) -> None:
    opened = [
        await bot.handler.handle(command("goodpractice")),
        await bot.handler.handle(command("seminar", "propose", actor="sam.okafor")),
        await bot.handler.handle(command("seminar", "open", actor="sam.okafor")),
    ]
    forms = [r.form for replies in opened for r in replies if r.form is not None]
    assert len(forms) >= 2
    for form in forms:
        assert modal_view(form, FormMeta())["title"]["text"] == form.title


def test_the_paths_the_scan_reads_exist() -> None:
    assert all(Path(folder).is_dir() for folder in SOURCES)
