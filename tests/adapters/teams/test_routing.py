"""The pure routing decision: what a Teams reply may show in a channel or group chat."""

from __future__ import annotations

import pytest

from adapters.teams.routing import Route, needs_personal_chat, notice, route_private
from adapters.teams.translate import Kind
from bot import texts
from bot.replies import Reply, Visibility, say

FLAGGED = say("Kayden (6) and his mum")
SENSITIVE = FLAGGED.model_copy(update={"sensitive": True})
ACK = say("Thanks, your celebration is on its way.")
FOR_CHANNEL = say("Well done Sam", visibility=Visibility.CHANNEL)
SHARED: tuple[Kind, ...] = ("channel", "groupChat")


@pytest.mark.parametrize("kind", SHARED)
@pytest.mark.parametrize("in_place", [False, True])
def test_a_sensitive_reply_in_a_shared_conversation_goes_privately_with_a_notice(kind: Kind, in_place: bool) -> None:
    assert route_private(kind, SENSITIVE, personal_chat=True, in_place=in_place) is Route.PRIVATE_WITH_NOTICE


@pytest.mark.parametrize("kind", SHARED)
@pytest.mark.parametrize("in_place", [False, True])
def test_a_sensitive_reply_without_a_personal_chat_leaves_only_the_open_chat_notice(kind: Kind, in_place: bool) -> None:
    assert route_private(kind, SENSITIVE, personal_chat=False, in_place=in_place) is Route.NOTICE_ONLY


@pytest.mark.parametrize("visibility", list(Visibility))
def test_sensitive_wins_over_a_visibility_meant_for_the_conversation(visibility: Visibility) -> None:
    reply = SENSITIVE.model_copy(update={"visibility": visibility})
    assert route_private("channel", reply, personal_chat=False) is Route.NOTICE_ONLY
    assert route_private("channel", reply, personal_chat=True) is Route.PRIVATE_WITH_NOTICE


@pytest.mark.parametrize("kind", SHARED)
def test_a_reply_for_the_actor_alone_goes_to_their_personal_chat_when_there_is_one(kind: Kind) -> None:
    assert route_private(kind, ACK, personal_chat=True) is Route.PRIVATE


@pytest.mark.parametrize("kind", SHARED)
def test_a_non_sensitive_reply_for_the_actor_stays_in_the_thread_without_a_personal_chat(kind: Kind) -> None:
    assert route_private(kind, ACK, personal_chat=False) is Route.HERE


def test_a_non_sensitive_reply_replacing_the_used_card_stays_in_place() -> None:
    assert route_private("channel", ACK, personal_chat=True, in_place=True) is Route.HERE


@pytest.mark.parametrize("visibility", [Visibility.CHANNEL, Visibility.THREAD])
def test_replies_meant_for_the_conversation_stay_there(visibility: Visibility) -> None:
    reply = FOR_CHANNEL.model_copy(update={"visibility": visibility})
    assert route_private("channel", reply, personal_chat=True) is Route.HERE


@pytest.mark.parametrize("reply", [SENSITIVE, ACK, FOR_CHANNEL])
@pytest.mark.parametrize("personal_chat", [False, True])
def test_everything_stays_in_the_actors_own_personal_chat(reply: Reply, personal_chat: bool) -> None:
    assert route_private("personal", reply, personal_chat=personal_chat, in_place=True) is Route.HERE


def test_the_personal_chat_is_looked_up_only_when_it_matters() -> None:
    assert needs_personal_chat("channel", [FOR_CHANNEL, ACK])
    assert needs_personal_chat("groupChat", [SENSITIVE.model_copy(update={"visibility": Visibility.CHANNEL})])
    assert not needs_personal_chat("channel", [FOR_CHANNEL])
    assert not needs_personal_chat("personal", [SENSITIVE, ACK])
    assert not needs_personal_chat("channel", [])


def test_the_notices_quote_nothing_and_claim_no_privacy_for_the_thread() -> None:
    sent, open_chat = notice(delivered=True), notice(delivered=False)
    assert sent.as_plain_text() == texts.GUARD_CHANNEL_NOTICE_SENT
    assert open_chat.as_plain_text() == texts.GUARD_CHANNEL_NOTICE_OPEN_CHAT
    for reply in (sent, open_chat):
        assert not reply.sensitive
        assert reply.visibility is Visibility.THREAD
        assert "only you" not in reply.as_plain_text().lower()
