"""The Teams endpoint: an Agents SDK ``AgentApplication`` behind ``POST /api/messages``.

The route lives in an aiohttp sub-application mounted at ``/api``, so its authentication middleware
guards only Teams traffic (never ``/healthz``, ``/slack/events`` or the web pages). A request is
answered in milliseconds: the token is verified (:mod:`adapters.teams.auth`), the activity bound to
it, and the SDK runs the turn, whose handlers only queue work. The queued job stores the
conversation reference, runs the shared handler and posts the replies through the rate-limited
:class:`~adapters.teams.connector.BotConnector`. Jobs of one conversation run one at a time, in
order, so a delivery Teams repeats after its 15 s timeout finds the first one committed and is
dropped by the core's de-duplication.

Exceptions: an ``adaptiveCard/action`` invoke (``Action.Execute``) is answered synchronously with
the card that replaces the clicked one; a message with ``deliveryMode: expectReplies`` gets its
replies in the HTTP response.

Channels and group chats are public: every path routes each reply through
:func:`~adapters.teams.routing.route_private` first, so a reply meant for the actor alone goes to
their 1:1 chat, and a reply repeating flagged text never appears there (a neutral notice does).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import warnings
from collections.abc import AsyncIterator, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from aiohttp import web
from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    ApplicationOptions,
    ClaimsIdentity,
    MemoryStorage,
    RouteRank,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.connector.client import connector_client, user_token_client
from microsoft_agents.hosting.core.connector.get_product_info import get_product_info
from pydantic import ValidationError

from adapters.http import MAX_BODY
from adapters.inbox import watching_store
from adapters.logs import quiet_known_noise
from adapters.teams import render
from adapters.teams.auth import ENTRA_IDENTITY, AuthError, TokenVerifier, Verified, check_activity
from adapters.teams.connector import BotConnector, ServiceUrlPolicy
from adapters.teams.dialogs import dialog_answer, form_answer
from adapters.teams.refs import ConversationRef, ConversationRefs, refs_of
from adapters.teams.routing import Route, needs_personal_chat, notice, route_private
from adapters.teams.sender import TeamsSender
from adapters.teams.translate import (
    Kind,
    as_dict,
    base_conversation_id,
    card_action_of,
    conversation_kind,
    dialog_invoke,
    tenant_of,
    to_event,
)
from adapters.wiring import Wiring
from bot.events import Event, FormSubmitted
from bot.replies import Reply

if TYPE_CHECKING:
    from adapters.teams.inbox import TeamsTurns

log = logging.getLogger(__name__)

VERIFIED_KEY: web.RequestKey[Verified | None] = web.RequestKey("plbot_teams_verified")
CLAIMS_KEY = "claims_identity"
"""Where the SDK's ``CloudAdapter.process`` reads the request's identity (a plain string key)."""
REMOVED = frozenset({"remove", "remove-upgrade"})


@dataclass(frozen=True)
class Origin:
    """Where a turn's replies go: its conversation (and its kind), the message to answer, the card to
    update, and the actor (whose 1:1 chat gets what the conversation must not see)."""

    service_url: str
    conversation_id: str
    tenant_id: str
    bot: dict[str, Any] | None
    reply_to_id: str = ""
    card_id: str = ""
    form_submitted: bool = False
    kind: Kind = "personal"
    actor_id: str = ""

    @classmethod
    def of(cls, activity: Mapping[str, Any], event: Event | None) -> Origin:
        """The origin of an inbound activity."""
        conversation = activity.get("conversation") or {}
        recipient = activity.get("recipient") or {}
        bot = {k: v for k, v in recipient.items() if k in ("id", "name")} or None
        is_card_use = activity.get("type") == "invoke" or isinstance(activity.get("value"), dict)
        is_message = activity.get("type") in ("message", "invoke")  # not a membership change: nothing to answer
        actor = activity.get("from") or {}
        return cls(
            service_url=str(activity.get("serviceUrl") or ""),
            conversation_id=str(conversation.get("id") or ""),
            tenant_id=tenant_of(activity),
            bot=bot,
            reply_to_id="" if is_card_use or not is_message else str(activity.get("id") or ""),
            card_id=str(activity.get("replyToId") or "") if is_card_use else "",
            form_submitted=isinstance(event, FormSubmitted),
            kind=conversation_kind(activity),
            actor_id=str(actor.get("id") or "") if isinstance(actor, dict) else "",
        )


def replaces_card(reply: Reply, index: int, *, form_submitted: bool) -> bool:
    """Whether a reply takes the place of the card that was used (a submitted form is single-use)."""
    return reply.replace_original or (form_submitted and index == 0)


@dataclass
class KeyedLocks:
    """One asyncio lock per key, dropped when nobody holds or waits for it."""

    _locks: dict[str, tuple[asyncio.Lock, int]] = field(default_factory=dict)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold the lock of ``key``."""
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


PRODUCT_INFO = functools.cache(get_product_info)
"""The SDK's User-Agent, computed once (see :func:`cache_sdk_product_info`)."""


def cache_sdk_product_info() -> None:
    """Compute the SDK's User-Agent once, not twice a request.

    For every request the SDK makes a user-token client and a connector client (we post through our
    own :class:`BotConnector`, so neither sends anything), and each builds its User-Agent with
    ``get_product_info``, which looks up the installed packages' versions in their metadata on disk:
    4 % of a turn's CPU in a py-spy profile of ``bench/teams_turn.py``. The answer cannot change while
    the process runs, so both client modules get the cached function.
    """
    connector_client.get_product_info = PRODUCT_INFO  # type: ignore[attr-defined]  # the name it imported
    user_token_client.get_product_info = PRODUCT_INFO  # type: ignore[attr-defined]  # the name it imported


class TeamsRuntime:
    """The Teams adapter's moving parts and its turn handlers."""

    def __init__(
        self,
        *,
        wiring: Wiring,
        connections: Any,
        connector: BotConnector,
        refs: ConversationRefs,
        verifier: TokenVerifier | None,
        policy: ServiceUrlPolicy,
        tenant_id: str,
    ) -> None:
        self.wiring = wiring
        self.connector = connector
        self.refs = refs
        self.verifier = verifier
        self.policy = policy
        self.tenant_id = tenant_id
        self.sender = TeamsSender(uow_factory=wiring.uow_factory, refs=refs, connector=connector)
        self.locks = KeyedLocks()
        self._jobs: set[asyncio.Task[None]] = set()
        self._linked: set[str] = set()
        """Entra object ids already linked to a person (see :meth:`link_directory_id`)."""
        self.inbox: TeamsTurns | None = None
        """Where events are stored before their acknowledgement (set by ``adapters.teams.wiring.mount``)."""
        quiet_known_noise()  # the SDK's per-request lines about what is said once here or below
        cache_sdk_product_info()
        if verifier is None:
            log.warning("teams: App ID is not provided (anonymous loopback mode)", extra={"platform": "teams"})
        self.adapter = CloudAdapter(connection_manager=connections)
        self.adapter.on_turn_error = self._on_adapter_error
        self.agent = self._build_agent(connections)

    # --- the SDK application ---------------------------------------------------------------------

    def _build_agent(self, connections: Any) -> AgentApplication[TurnState]:
        options = ApplicationOptions(
            storage=MemoryStorage(),
            remove_recipient_mention=False,
            start_typing_timer=False,
            turn_state_factory=TurnState,
        )
        agent: AgentApplication[TurnState] = AgentApplication(options, connection_manager=connections)
        agent.activity(ActivityTypes.message)(self.on_message)
        agent.activity(ActivityTypes.conversation_update)(self.on_membership)
        agent.activity(ActivityTypes.installation_update)(self.on_membership)
        agent.add_route(lambda ctx: card_action_of(as_dict(ctx.activity)) is not None, self.on_card_action, True)
        agent.add_route(lambda ctx: bool(dialog_invoke(as_dict(ctx.activity))), self.on_dialog, True)
        agent.add_route(lambda _ctx: True, self.on_other, rank=RouteRank.LAST)
        agent.error(self._on_turn_error)
        return agent

    async def _on_turn_error(self, _ctx: TurnContext, error: Exception) -> None:
        log.error("teams turn failed: %s", type(error).__name__, extra={"platform": "teams"})

    async def _on_adapter_error(self, _ctx: TurnContext, error: Exception) -> None:
        log.error("teams adapter error: %s", type(error).__name__, extra={"platform": "teams"})

    # --- background jobs -----------------------------------------------------------------------

    def spawn(self, job: Coroutine[Any, Any, None]) -> None:
        """Run ``job`` after the HTTP answer; failures are logged by type, never raised."""
        task = asyncio.create_task(self._guarded(job))
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    @staticmethod
    async def _guarded(job: Coroutine[Any, Any, None]) -> None:
        try:
            await job
        except Exception as error:
            log.error("teams job failed: %s", type(error).__name__, extra={"platform": "teams"})

    async def drain(self) -> None:
        """Wait until every queued job and every stored event's turn has finished (tests)."""
        while True:
            if self.inbox is not None:
                await self.inbox.worker.drain()
            if not self._jobs:
                return
            await asyncio.gather(*list(self._jobs), return_exceptions=True)

    async def close(self, _app: web.Application | None = None) -> None:
        """Finish queued work (at most 10 s; the inbox worker stops on its own), then close the HTTP client."""
        try:
            await asyncio.wait_for(self._own_jobs(), timeout=10)
        except TimeoutError:
            log.warning("teams jobs still running at shutdown", extra={"count": len(self._jobs)})
        await self.connector.close()

    async def _own_jobs(self) -> None:
        while self._jobs:
            await asyncio.gather(*list(self._jobs), return_exceptions=True)

    async def _accept(self, activity: Mapping[str, Any], event: Event | None) -> None:
        """Store the event before Teams gets its answer (the inbox worker runs the turn); with nothing
        for the core, only remember the conversation."""
        if event is None or event.actor.is_bot or self.inbox is None:
            self.spawn(self._job(activity, event))
            return
        await self.inbox.accept(activity, event)  # not stored: ``messages`` answers 503

    # --- conversation references ----------------------------------------------------------------

    async def link_directory_id(self, activity: Mapping[str, Any]) -> None:
        """Link the sender's Entra object id to the person they are, once (the tab's sign-on finds them by it)."""
        sender = activity.get("from") or {}
        aad, user_id = str(sender.get("aadObjectId") or ""), str(sender.get("id") or "")
        if not aad or not user_id or aad in self._linked:
            return
        async with self.wiring.uow_factory() as uow:
            person = await uow.people.by_identity("teams", user_id)
            if person is None:
                return  # not known yet: the turn adds them, and the next activity links them
            if await uow.people.by_identity(ENTRA_IDENTITY, aad) is None:
                await uow.people.add_identity(person, ENTRA_IDENTITY, aad)
                await uow.commit()
        self._linked.add(aad)

    async def remember(self, activity: Mapping[str, Any]) -> None:
        """Store the references an activity reveals (a person's chat linked to them when known)."""
        await self.link_directory_id(activity)
        now = self.wiring.clock.now()
        for ref in refs_of(activity):  # a 1:1 chat is linked to its person in the same statement
            await self.refs.remember(ref, now, link_person=True)

    # --- turn handlers (registered on the AgentApplication) -------------------------------------

    async def on_message(self, ctx: TurnContext, _state: TurnState) -> None:
        """A message or an ``Action.Submit``: queue the work (or, for expectReplies, answer inline)."""
        activity = as_dict(ctx.activity)
        event = to_event(activity, self.wiring.clock.now())
        if activity.get("deliveryMode") == "expectReplies":
            origin = Origin.of(activity, event)
            async for reply, _in_place in self._routed(await self._turn(activity, event), origin):
                await ctx.send_activity(Activity.model_validate(render.message(reply)))
            return
        await self._accept(activity, event)

    async def on_card_action(self, ctx: TurnContext, _state: TurnState) -> None:
        """``Action.Execute``: answer with the card that replaces the clicked one; post the rest.

        In a channel or group chat the replacing card is public, so a sensitive reply never goes in
        it: the card shows the neutral notice instead, chosen by whether the actor's 1:1 chat is
        known, and the reply itself is sent there by the background job (which posts the "open a
        chat" notice in the thread should that send fail). The invoke is not kept waiting for it.
        """
        activity = as_dict(ctx.activity)
        event = to_event(activity, self.wiring.clock.now())
        origin = Origin.of(activity, event)
        replies = await self._turn(activity, event)
        in_place = next(
            (r for i, r in enumerate(replies) if replaces_card(r, i, form_submitted=origin.form_submitted)), None
        )
        first = in_place or (replies[0] if replies else None)
        face, route = first, Route.HERE
        if first is not None:
            personal = await self._personal_chat(origin, [first])
            route = route_private(origin.kind, first, personal_chat=personal is not None, in_place=in_place is not None)
            if route in (Route.PRIVATE_WITH_NOTICE, Route.NOTICE_ONLY):
                face = notice(delivered=route is Route.PRIVATE_WITH_NOTICE)
        if in_place is not None and face is not None:
            body = render.invoke_card_response(face)
        else:
            body = render.invoke_message_response(render.summary(face) if face is not None else "")
        response = InvokeResponse(status=200, body=body)
        await ctx.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))
        rest = [r for r in replies if r is not in_place or route is not Route.HERE]
        shown = face.as_plain_text() if face is not None and face is not first else ""
        if rest:
            self.spawn(self._post(rest, replace(origin, card_id=""), shown=shown))

    async def on_dialog(self, ctx: TurnContext, _state: TurnState) -> None:
        """A dialog invoke (a form's dialog, its submission, the "Share as good practice" action): the
        turn runs at once and its answer is the dialog (:func:`adapters.teams.dialogs.dialog_answer`)."""
        activity = as_dict(ctx.activity)
        event = to_event(activity, self.wiring.clock.now())
        answer = form_answer(activity)
        if answer is None:
            answer = dialog_answer(dialog_invoke(activity), await self._turn(activity, event))
        response = InvokeResponse(status=200, body=answer.body)
        await ctx.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))
        if answer.rest:
            self.spawn(self._post(answer.rest, replace(Origin.of(activity, event), card_id="")))

    async def on_membership(self, ctx: TurnContext, _state: TurnState) -> None:
        """``conversationUpdate`` / ``installationUpdate``: remember or forget the conversation; an
        install or an add is stored for its welcome turn before Teams gets its answer."""
        activity = as_dict(ctx.activity)
        event = to_event(activity, self.wiring.clock.now())
        if event is not None:
            await self._accept(activity, event)
            return
        self.spawn(self._membership_job(activity))

    async def on_other(self, ctx: TurnContext, _state: TurnState) -> None:
        """Any other activity: a deleted message removes what was stored from it, an edited one is read
        by the identifier guard; an invoke still gets its (empty) answer; anything else needs nothing."""
        if ctx.activity.type in (ActivityTypes.message_delete, ActivityTypes.message_update):
            activity = as_dict(ctx.activity)
            await self._accept(activity, to_event(activity, self.wiring.clock.now()))
        elif ctx.activity.type == ActivityTypes.invoke:
            await ctx.send_activity(Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200)))

    # --- the work itself ------------------------------------------------------------------------

    @staticmethod
    def _key(activity: Mapping[str, Any]) -> str:
        conversation = activity.get("conversation") or {}
        return base_conversation_id(str(conversation.get("id") or ""))

    async def _turn(self, activity: Mapping[str, Any], event: Event | None) -> list[Reply]:
        async with self.locks.hold(self._key(activity)):
            await self._remember_quietly(activity)
            if event is None:
                return []
            return await self.wiring.handler.handle(event)

    async def _remember_quietly(self, activity: Mapping[str, Any]) -> None:
        try:
            await self.remember(activity)
        except Exception as error:
            log.warning("teams reference not stored: %s", type(error).__name__, extra={"platform": "teams"})

    async def _job(self, activity: Mapping[str, Any], event: Event | None) -> None:
        replies = await self._turn(activity, event)
        if replies:
            await self._post(replies, Origin.of(activity, event))

    async def _membership_job(self, activity: Mapping[str, Any]) -> None:
        bot_id = (activity.get("recipient") or {}).get("id")
        removed = activity.get("type") == ActivityTypes.installation_update and activity.get("action") in REMOVED
        gone = activity.get("membersRemoved") or []
        removed = removed or any(isinstance(m, dict) and m.get("id") == bot_id for m in gone)
        async with self.locks.hold(self._key(activity)):
            if not removed:
                await self._remember_quietly(activity)
                return
            team = ((activity.get("channelData") or {}).get("team") or {}).get("id")
            conversation = str((activity.get("conversation") or {}).get("id") or "")
            await self.refs.forget(team_id=str(team or ""), conversation_id=conversation)

    async def _personal_chat(self, origin: Origin, replies: Sequence[Reply]) -> ConversationRef | None:
        """The actor's stored 1:1 chat, looked up only when routing ``replies`` depends on it."""
        if not origin.actor_id or not needs_personal_chat(origin.kind, list(replies)):
            return None
        try:
            return await self.refs.personal(person_id=None, user_id=origin.actor_id)
        except Exception as error:
            log.warning("teams personal chat lookup failed: %s", type(error).__name__, extra={"platform": "teams"})
            return None

    async def _divert(self, route: Route, reply: Reply, personal: ConversationRef | None) -> Reply | None:
        """Carry out the private part of ``route``; returns what the turn's conversation shows, if anything.

        A private copy that could not be delivered falls back to the thread only when it is not
        sensitive; a sensitive one is replaced by the "open a chat with me" notice.
        """
        if route is Route.HERE:
            return reply
        if personal is not None and route is not Route.NOTICE_ONLY:
            result = await self.sender.to_chat(personal, reply, urgent=True)
            if result.status == "sent":
                return notice(delivered=True) if route is Route.PRIVATE_WITH_NOTICE else None
            log.warning("teams private reply not sent", extra={"platform": "teams", "status": result.status})
            if not reply.sensitive:
                return reply
        return notice(delivered=False)

    async def _routed(
        self, replies: list[Reply], origin: Origin, *, shown: str = ""
    ) -> AsyncIterator[tuple[Reply, bool]]:
        """What the turn's conversation shows, as (reply, replaces the used card), after sending
        to the actor's 1:1 chat what :func:`route_private` keeps out of it. A neutral notice is shown at
        most once a turn; ``shown`` is the text of one already shown (in an invoke's answer)."""
        personal = await self._personal_chat(origin, replies)
        notices = {shown}
        for index, reply in enumerate(replies):
            in_place = bool(origin.card_id) and replaces_card(reply, index, form_submitted=origin.form_submitted)
            route = route_private(origin.kind, reply, personal_chat=personal is not None, in_place=in_place)
            here = await self._divert(route, reply, personal)
            if here is None:
                continue
            if here is not reply:
                if here.as_plain_text() in notices:
                    continue
                notices.add(here.as_plain_text())
            yield here, in_place

    async def _post(self, replies: list[Reply], origin: Origin, *, shown: str = "") -> None:
        """Post replies for the turn (routed as :meth:`_routed` says); a card-replacing reply updates
        the used card."""
        async for reply, in_place in self._routed(replies, origin, shown=shown):
            shared = origin.kind != "personal"  # a form there opens in a dialog: what is typed stays private
            message = render.message(reply, forms_in_dialogs=shared)
            body: dict[str, Any] = {**message, "conversation": {"id": origin.conversation_id}}
            if origin.bot:
                body["from"] = origin.bot
            if in_place:
                result = await self.connector.update(
                    origin.service_url,
                    origin.conversation_id,
                    origin.card_id,
                    body,
                    tenant_id=origin.tenant_id,
                    urgent=True,
                )
                if result.status == "sent":
                    continue
            if origin.reply_to_id:
                body["replyToId"] = origin.reply_to_id
            result = await self.connector.send(
                origin.service_url, origin.conversation_id, body, tenant_id=origin.tenant_id, urgent=True
            )
            if result.status != "sent":
                log.warning("teams reply not sent", extra={"platform": "teams", "status": result.status})


# --- the HTTP route ----------------------------------------------------------------------------

RUNTIME_KEY: web.AppKey[TeamsRuntime] = web.AppKey("teams_runtime", TeamsRuntime)


def _deny(error: AuthError) -> web.Response:
    log.warning("teams request refused: %s", error.reason, extra={"platform": "teams", "status": error.status})
    message = "unauthorized" if error.status == 401 else "forbidden"
    if error.status == 503:
        message = "cannot verify the request now"
    return web.json_response({"error": message}, status=error.status)


@web.middleware
async def auth_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Verify the token before anything reads the body (anonymous loopback mode: nothing to verify)."""
    verifier = request.app[RUNTIME_KEY].verifier
    if verifier is None:
        request[VERIFIED_KEY] = None
        return await handler(request)  # type: ignore[no-any-return]
    try:
        request[VERIFIED_KEY] = await verifier.verify(request.headers.get("Authorization"))
    except AuthError as error:
        return _deny(error)
    except Exception as error:
        log.warning("teams token check failed: %s", type(error).__name__, extra={"platform": "teams"})
        return web.json_response({"error": "unauthorized"}, status=401)
    return await handler(request)  # type: ignore[no-any-return]


MAX_JSON_DEPTH = 64  # real activities nest a card's data a few levels; the SDK fails near 1,000


def _too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when brackets nest deeper than ``limit`` (counted outside strings, before parsing)."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


async def _activity_json(request: web.Request) -> dict[str, Any] | None:
    raw = await request.read()
    if _too_deep(raw):
        return None
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(body, dict) or not body.get("type"):
        return None
    channel_id = body.get("channelId")
    if not isinstance(channel_id, str) or not channel_id.strip():
        return None
    try:  # the SDK's model raises TypeError, not only ValidationError, on some bad values
        Activity.model_validate(body)
    except (ValueError, TypeError, ValidationError, RecursionError):
        return None
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str):
        return None
    for party in ("from", "recipient"):  # the SDK's turn fails on an activity without them
        found = body.get(party)
        if not isinstance(found, dict) or not isinstance(found.get("id"), str):
            return None
    return body


async def messages(request: web.Request) -> web.StreamResponse:
    """``POST /api/messages``: bind the activity to the verified token, then let the SDK run the turn."""
    runtime = request.app[RUNTIME_KEY]
    activity = await _activity_json(request)
    if activity is None:  # one WARNING line, the SDK never sees it
        log.warning("teams request refused: not a valid activity", extra={"platform": "teams", "status": 400})
        return web.json_response({"error": "not a valid activity"}, status=400)
    verified: Verified | None = request[VERIFIED_KEY]
    try:
        check_activity(verified, activity, tenant_id=runtime.tenant_id, policy=runtime.policy)
    except AuthError as error:
        return _deny(error)
    identity = (
        ClaimsIdentity()
        if verified is None
        else ClaimsIdentity(verified.claims, "Bearer", security_token=verified.token)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)  # the SDK reads a plain string key
        request[CLAIMS_KEY] = identity
    try:
        with watching_store() as not_stored:
            response = await runtime.adapter.process(request, runtime.agent)
    except Exception as error:
        log.error("teams request failed: %s", type(error).__name__, extra={"platform": "teams"})
        return web.json_response({"error": "internal error"}, status=500)
    if not_stored:  # the event is not in the inbox: let Teams resend it rather than acknowledge
        return web.json_response({"error": "not stored, try again"}, status=503)
    return response if response is not None else web.Response(status=200)


def api_app(runtime: TeamsRuntime) -> web.Application:
    """The ``/api`` sub-application: the Teams route and its authentication middleware only."""
    api = web.Application(client_max_size=MAX_BODY, middlewares=[auth_middleware])
    api[RUNTIME_KEY] = runtime
    api.router.add_post("/messages", messages)
    return api
