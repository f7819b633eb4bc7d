"""The reply model: plain rendering, JSON round trip, user text kept as data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FormBlock,
    FormField,
    OutgoingMessage,
    PersonRef,
    Plain,
    Target,
    Visibility,
    buttons_of,
    say,
    text,
)


def test_plain_rendering_numbers_buttons_in_order() -> None:
    reply = say(
        text("Hello ", PersonRef(name="Sam", user_id="U1"), " ", Bold(text="well done")),
        ButtonsBlock(buttons=(Button(label="Yes", action_id="a"), Button(label="No", action_id="b"))),
    )
    assert reply.as_plain_text() == "Hello Sam well done\n[1] Yes  [2] No"
    assert [b.action_id for b in buttons_of(reply)] == ["a", "b"]


@given(st.text(max_size=300))
def test_outgoing_message_round_trips_any_user_text(user_text: str) -> None:
    message = OutgoingMessage(
        target=Target(platform="slack", kind="channel", address="C1"),
        reply=say(text("Thanks: ", Plain(text=user_text)), visibility=Visibility.CHANNEL),
        idempotency_key="k",
    )
    again = OutgoingMessage.model_validate_json(message.model_dump_json())
    assert again == message
    assert user_text in again.reply.as_plain_text()


def test_reply_exposes_its_form() -> None:
    form = FormBlock(form_id="f", title="T", fields=(FormField(name="x", label="X"),))
    assert say("hi", form).form == form
    assert say("hi").form is None
