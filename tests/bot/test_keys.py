"""Idempotency keys: built in one place (bot/keys.py), in formats that rows already stored still use."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot import keys

WHEN = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def test_keys_keep_their_stored_formats() -> None:
    assert keys.celebration(7) == "celebration:7"
    assert keys.celebration_id("celebration:7") == 7
    assert keys.celebration_id("story:7:shared") is None
    assert keys.story_shared(3) == "story:3:shared"
    assert keys.story_review(3, WHEN, 5) == "story:3:review:2026-12-07T09:30:00+00:00:5"
    assert keys.story_declined(3, WHEN) == "story:3:declined:2026-12-07T09:30:00+00:00"
    assert keys.per_target(keys.vote_opened(2), "slack", "C1") == "seminar-vote:2:opened:slack:C1"
    assert keys.vote_result(2, "teams", "19:x") == "seminar-vote:2:result:teams:19:x"
    assert keys.event_reminder(4, 1440, "slack", "C1") == "event-reminder:4:1440:slack:C1"
    assert keys.pulse(9, "2026-12") == "pulse:9:2026-12"
    period = (date(2026, 9, 1), date(2026, 11, 30))
    assert keys.review(1, period, "slack", "C1", WHEN) == "review:1:2026-09-01:2026-11-30:slack:C1:202612070930"
    assert keys.retraction("slack", "C1:123.4") == "retract:slack:C1:123.4"
    assert keys.pl_digest("slack", "C0PL", "2026-W49") == "pl-digest:slack:C0PL:2026-W49"
    assert keys.fared_prompt(12, 3) == "fared-prompt:12:3"
    assert keys.fared_summary(12, "teams", "19:pl") == "fared-summary:12:teams:19:pl"
    assert keys.pathway_request(4, WHEN, 2) == "pathway:4:request:2026-12-07T09:30:00+00:00:2"
    assert keys.pathway_confirmed(4) == "pathway:4:confirmed"
