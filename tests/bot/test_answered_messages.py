"""Answered messages update themselves (issue 14), and the reminder says "one click is enough" once."""

from __future__ import annotations

from bot.domain.nudge_messages import prompt_reply


def test_the_reminder_says_one_click_is_enough_once() -> None:
    reminder = prompt_reply(
        title="Team meeting", when="Tue 10:00", occurrence_id=1, suggestions=("celebrate",), reminder=True
    )
    text = reminder.as_plain_text().casefold()
    assert text.count("one click is enough") == 1, text
