"""The playground: the bot in a browser, as a third chat adapter over the same handler.

Pick a person and a channel, type commands, click buttons, fill forms, watch channel posts and
direct messages arrive, and fast-forward the clock to see prompts, reminders and digests. Replies
only the actor sees are kept with the conversation; the outbox delivers everything else through
:class:`adapters.web.sender.WebSender`.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web
from markupsafe import Markup

from adapters.web.clock import PlaygroundCore
from adapters.web.render import Controls, render_reply
from adapters.web.responses import page, redirect
from adapters.web.state import WEB_KEY, WebState
from adapters.web.translate import DIRECT, action_event, conversation_address, form_event, line_event
from bot import texts
from bot.domain.signin import same_secret
from bot.events import Event, FormSubmitted
from bot.replies import Reply
from bot.store.models import Person
from bot.store.models_web import WebMessage

log = logging.getLogger(__name__)

EVENT_ID = re.compile(r"^[0-9a-f]{16,64}$")
FORM_SECRET_FIELD = "pg"  # noqa: S105 - a form field name, not a secret
MAX_DRAIN_ROUNDS = 20
DIGEST_WEEKDAY, DIGEST_HOUR = 4, 16  # just after the default Friday 15:00 digest


@dataclass(frozen=True, slots=True)
class Place:
    """A conversation the playground can open: a team or locality channel, or the direct one."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Shown:
    """A stored message ready for the page."""

    id: int
    kind: str
    at: datetime
    html: Markup


def next_friday_afternoon(now: datetime, zone: str) -> timedelta:
    """How far it is to the next Friday 16:00 local time (just after the weekly digest)."""
    local = now.astimezone(ZoneInfo(zone))
    days = (DIGEST_WEEKDAY - local.weekday()) % 7
    target = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0) + timedelta(days=days)
    if target <= local:
        target += timedelta(weeks=1)
    return target - local


def step_of(name: str, now: datetime, zone: str) -> timedelta | None:
    """The fast-forward steps offered on the page."""
    steps = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
    if name == "friday":
        return next_friday_afternoon(now, zone)
    return steps.get(name)


def playground_url(persona: str, place: str, **extra: str) -> str:
    """The playground page for a persona in a place."""
    return f"/playground?{urlencode({'as': persona, 'in': place, **extra})}#latest"


async def _people_and_places(state: WebState) -> tuple[list[tuple[Person, str]], list[Place]]:
    async with state.uow_factory() as uow:
        org = await uow.orgs.first()
        people = list(await uow.people.all(org.id)) if org else []
        localities = list(await uow.orgs.localities())
    personas = [
        (p, next(i.platform_user_id for i in p.identities if i.platform == "web"))
        for p in people
        if any(i.platform == "web" for i in p.identities)
    ]
    places = [Place(DIRECT, texts.WEB_PLAYGROUND_DM)]
    for locality in localities:
        places.append(Place(locality.slug, texts.WEB_PLAYGROUND_LOCALITY.format(name=locality.name)))
        places += [Place(t.slug, t.name) for t in locality.teams]
    return personas, places


def _choose(personas: list[tuple[Person, str]], places: list[Place], persona: str, place: str) -> tuple[str, str]:
    handles = [h for _, h in personas]
    slugs = [p.slug for p in places]
    persona = (
        persona if persona in handles else ("ali.hassan" if "ali.hassan" in handles else handles[0] if handles else "")
    )
    place = place if place in slugs else ("dereham-fs" if "dereham-fs" in slugs else DIRECT)
    return persona, place


def _controls(state: WebState, persona: str, place: str) -> Controls:
    hidden = (("as", persona), ("in", place), (FORM_SECRET_FIELD, state.form_secret))
    return Controls(action_url="/playground/action", form_url="/playground/form", hidden=hidden)


def _shown(state: WebState, messages: list[WebMessage], controls: Controls) -> list[Shown]:
    return [
        Shown(
            m.id,
            m.kind,
            m.created_at,
            render_reply(
                state.env,
                Reply.model_validate_json(m.payload),
                dom_id=f"m{m.id}",
                message_id=f"web-{m.id}",
                controls=controls,
            ),
        )
        for m in messages
    ]


def _play(state: WebState) -> PlaygroundCore:
    """The playground's own core (its routes are only mounted when there is one)."""
    if state.play is None:
        raise web.HTTPNotFound()
    return state.play


async def show(request: web.Request) -> web.StreamResponse:
    """The playground page."""
    state = request.app[WEB_KEY]
    play = _play(state)
    personas, places = await _people_and_places(state)
    persona, place = _choose(personas, places, request.query.get("as", ""), request.query.get("in", ""))
    controls = _controls(state, persona, place)
    address = conversation_address(persona, place)
    async with state.uow_factory() as uow:
        person = await uow.people.by_identity("web", persona) if persona else None
        person_id = person.id if person else None
        conversation = list(await uow.web.messages.conversation(address, person_id))
        direct: list[WebMessage] = []
        if person_id is not None:
            direct = list(await uow.web.messages.direct(person_id))
            direct += list(await uow.web.messages.conversation(f"dm:{persona}", person_id))
        outbox = list(await uow.outbox.listing(limit=10))
    direct.sort(key=lambda m: m.id)
    return page(
        request,
        "playground.html",
        personas=personas,
        places=places,
        persona=persona,
        person=person,
        place=next(p for p in places if p.slug == place),
        conversation=_shown(state, conversation, controls),
        direct=_shown(state, direct, controls) if place != DIRECT else [],
        outbox=outbox,
        handles={str(p.id): handle for p, handle in personas},
        now=play.clock.now(),
        timezone=state.timezone,
        movable=True,
        controls=controls,
        sent=request.query.get("sent", ""),
        moved=request.query.get("moved", ""),
    )


async def _posted(request: web.Request) -> tuple[PlaygroundCore, dict[str, str], list[tuple[str, str]]]:
    """The playground's core and the posted form, after checking the form came from a playground page
    and names a known person."""
    state = request.app[WEB_KEY]
    play = _play(state)
    data = await request.post()
    items = [(k, v) for k, v in data.items() if isinstance(v, str)]
    form = dict(items)
    if not same_secret(form.get(FORM_SECRET_FIELD, ""), state.form_secret):
        raise web.HTTPForbidden(text=texts.WEB_FORM_EXPIRED)
    async with state.uow_factory() as uow:
        known = await uow.people.by_identity("web", form.get("as", "")) is not None
    if not known:
        form["as"] = ""
    return play, form, items


def _event_id(form: Mapping[str, str]) -> str:
    given = form.get("event_id", "")
    return f"web-{given}" if EVENT_ID.match(given) else f"web-{uuid.uuid4().hex}"


async def drain(play: PlaygroundCore) -> int:
    """Deliver everything due now on the playground's clock; returns how many messages were attempted."""
    total = 0
    for _ in range(MAX_DRAIN_ROUNDS):
        attempted = await play.deliverer.deliver_due()
        total += attempted
        if not attempted:
            break
    return total


async def _turn(play: PlaygroundCore, event: Event, persona: str, message_id: str) -> None:
    """One turn: the handler, then deliveries, then the actor's own replies stored for the page.

    A submitted form behaves like a modal: it closes, or comes back in place with its errors.
    """
    replies = await play.handler.handle(event)
    await drain(play)
    async with play.handler.uow_factory() as uow:
        person = await uow.people.by_identity("web", persona)
        person_id = person.id if person else None
        original = None
        if message_id.startswith("web-") and message_id[4:].isdigit():
            found = await uow.web.messages.get(int(message_id[4:]))
            original = found if found is not None and found.person_id in {None, person_id} else None
        if original is not None and isinstance(event, FormSubmitted):
            again = next((r for r in replies if r.form is not None), None)
            if again is not None:
                original.payload = again.model_dump_json()
                replies = [r for r in replies if r is not again]
            elif replies:
                await uow.web.messages.delete(original)
            original = None
        for reply in replies:
            if reply.replace_original and original is not None:
                original.payload = reply.model_dump_json()
                continue
            await uow.web.messages.add(
                kind="ephemeral",
                address=event.conversation.channel_id,
                person_id=person_id,
                payload=reply.model_dump_json(),
                now=play.clock.now(),
            )
        await uow.commit()


async def say(request: web.Request) -> web.StreamResponse:
    """A typed line."""
    play, form, _ = await _posted(request)
    persona, place = form.get("as", ""), form.get("in", "")
    event = line_event(
        form.get("line", ""), persona=persona, place=place, event_id=_event_id(form), now=play.clock.now()
    )
    if event is not None and persona:
        await _turn(play, event, persona, "")
    return redirect(playground_url(persona, place))


async def act(request: web.Request) -> web.StreamResponse:
    """A clicked button or a chosen option."""
    play, form, _ = await _posted(request)
    persona, place = form.get("as", ""), form.get("in", "")
    event = action_event(form, persona=persona, place=place, event_id=_event_id(form), now=play.clock.now())
    if event is not None and persona:
        await _turn(play, event, persona, form.get("message_id", ""))
    return redirect(playground_url(persona, place))


async def submit(request: web.Request) -> web.StreamResponse:
    """A submitted form."""
    play, form, items = await _posted(request)
    persona, place = form.get("as", ""), form.get("in", "")
    event = form_event(
        form.get("form_id", ""),
        form.get("context", ""),
        items,
        persona=persona,
        place=place,
        event_id=_event_id(form),
        now=play.clock.now(),
    )
    if event is not None and persona:
        await _turn(play, event, persona, form.get("message_id", ""))
    return redirect(playground_url(persona, place))


async def fast_forward(request: web.Request) -> web.StreamResponse:
    """Move the playground's clock forward, run its planner (when it has one) and deliver what became due.

    Only the playground's clock moves: the server's scheduler, deliverer and retention purge keep real time.
    """
    play, form, _ = await _posted(request)
    persona, place = form.get("as", ""), form.get("in", "")
    step = step_of(form.get("step", ""), play.clock.now(), request.app[WEB_KEY].timezone)
    if step is None:
        return redirect(playground_url(persona, place))
    play.clock.advance(step)
    if play.planner is not None:
        try:
            await play.planner()
        except Exception:  # the clock moved; what the planner missed, its next run catches up
            log.exception("planner run failed")
    sent = await drain(play)
    return redirect(playground_url(persona, place, sent=str(sent), moved=form.get("step", "")))


def add_routes(app: web.Application) -> None:
    """Mount the playground."""
    app.router.add_get("/playground", show)
    app.router.add_post("/playground/say", say)
    app.router.add_post("/playground/action", act)
    app.router.add_post("/playground/form", submit)
    app.router.add_post("/playground/clock", fast_forward)
