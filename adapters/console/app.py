"""The interactive terminal: type commands, click buttons by number, fill forms field by field.

Reads a script from standard input when it is not a terminal, so sessions can be tested.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from adapters.console.render import ButtonBoard
from adapters.console.translate import parse_line
from bot import texts
from bot.events import ActionInvoked, Actor, Conversation, Event, FormSubmitted
from bot.handler import Handler
from bot.ports import Clock
from bot.replies import FormBlock, Reply
from bot.store.uow import UnitOfWorkFactory
from scheduler.outbox import Deliverer

HELP = """Type a command such as /celebrate @ali.hassan for the danger statement, or /sofs help.
A number clicks the button shown with it. Other commands:
  :as HANDLE      act as another person (for example :as sam.okafor)
  :channel SLUG   move to another team or locality channel (for example :channel dereham-fs)
  :dm             talk to the bot in a direct message
  :outbox         list queued and sent messages
  :people         who is in the organisation
  :quit           leave"""


@dataclass
class ConsoleState:
    """Who the user is pretending to be and where."""

    persona: str
    channel: str


class ConsoleSession:
    """One terminal session over the shared handler."""

    def __init__(
        self,
        *,
        handler: Handler,
        deliverer: Deliverer,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        board: ButtonBoard,
        state: ConsoleState,
        read: Callable[[str], str],
        write: Callable[[str], None],
    ) -> None:
        self.handler, self.deliverer, self.uow_factory = handler, deliverer, uow_factory
        self.clock, self.board, self.state = clock, board, state
        self.read, self.write = read, write

    def _ids(self) -> tuple[Actor, Conversation]:
        actor = Actor(platform="console", user_id=self.state.persona, display_name=self.state.persona)
        channel = self.state.channel
        return actor, Conversation(platform="console", channel_id=channel, is_direct=channel.startswith("dm:"))

    async def run(self) -> None:
        """Read lines until end of input or ``:quit``."""
        self.write(HELP)
        while True:
            try:
                line = self.read(f"{self.state.persona} in #{self.state.channel}> ")
            except EOFError:
                break
            if line.strip() == ":quit":
                break
            try:
                await self.handle_line(line)
            except EOFError:  # a piped script that ends inside a form: the form is dropped, not sent
                self.write(texts.CONSOLE_INPUT_ENDED_IN_FORM)
                break

    async def handle_line(self, line: str) -> None:
        """One typed line."""
        stripped = line.strip()
        if stripped.startswith(":"):
            await self._meta(stripped)
            return
        if stripped.isdigit():
            await self._click(int(stripped))
            return
        event = parse_line(
            stripped,
            persona=self.state.persona,
            channel=self.state.channel,
            event_id=uuid.uuid4().hex,
            now=self.clock.now(),
        )
        if event is not None:
            await self._dispatch(event)

    async def _dispatch(self, event: Event) -> None:
        replies = await self.handler.handle(event)
        await self.deliverer.deliver_due()
        for reply in replies:
            await self._show(reply)

    async def _show(self, reply: Reply) -> None:
        form = reply.form
        if form is not None:
            await self._fill(form)
            return
        self.write(self.board.render(reply))

    async def _click(self, number: int) -> None:
        button = self.board.buttons.get(number)
        if button is None:
            self.write(f"There is no button [{number}].")
            return
        actor, conversation = self._ids()
        await self._dispatch(
            ActionInvoked(
                platform="console",
                event_id=uuid.uuid4().hex,
                received_at=self.clock.now(),
                actor=actor,
                conversation=conversation,
                action_id=button.action_id,
                value=button.value,
            )
        )

    async def _fill(self, form: FormBlock) -> None:
        self.write(f"── {form.title} (press Enter to keep a value; '-' leaves an optional field empty)")
        values: dict[str, str] = {}
        for field in form.fields:
            if field.error:
                self.write(f"  ! {field.label}: {field.error}")
            if field.kind == "confirm":  # a statement the person makes: only an explicit "yes" counts
                answer = self.read(texts.CONSOLE_CONFIRM_PROMPT.format(statement=field.label)).strip().lower()
                values[field.name] = "yes" if answer in {"yes", "y"} else ""
                continue
            if field.options:
                self.write(
                    "  choose by number, separated by commas: "
                    + ", ".join(f"{i}) {o.label}" for i, o in enumerate(field.options, 1))
                )
            optional = "" if field.required else f" {texts.FORM_OPTIONAL}"
            suffix = f" [{field.initial}]" if field.initial else ""
            answer = self.read(f"  {field.label}{optional}{suffix}: ").strip()
            if answer == "-":
                answer = ""
            elif not answer:
                answer = field.initial
            elif field.options:
                picked = [
                    field.options[int(n) - 1].value
                    for n in answer.replace(" ", "").split(",")
                    if n.isdigit() and 0 < int(n) <= len(field.options)
                ]
                answer = ",".join(picked)
            values[field.name] = answer
        actor, conversation = self._ids()
        await self._dispatch(
            FormSubmitted(
                platform="console",
                event_id=uuid.uuid4().hex,
                received_at=self.clock.now(),
                actor=actor,
                conversation=conversation,
                form_id=form.form_id,
                fields=values,
                context=form.context,
            )
        )

    async def _meta(self, line: str) -> None:
        verb, _, argument = line[1:].partition(" ")
        argument = argument.strip()
        if verb == "as" and argument:
            self.state.persona = argument.lstrip("@").lower()
            self.write(f"You are now @{self.state.persona}.")
        elif verb == "channel" and argument:
            self.state.channel = argument.lstrip("#").lower()
            self.write(f"You are now in #{self.state.channel}.")
        elif verb == "dm":
            self.state.channel = f"dm:{self.state.persona}"
            self.write("You are now in a direct message with the bot.")
        elif verb == "outbox":
            await self._list_outbox()
        elif verb == "people":
            await self._list_people()
        else:
            self.write(HELP)

    async def _list_outbox(self) -> None:
        async with self.uow_factory() as uow:
            rows = await uow.outbox.listing()
        if not rows:
            self.write("The outbox is empty.")
        for row in rows:
            when = row.due_at.strftime("%Y-%m-%d %H:%M")
            self.write(f"  {row.status:8} {row.purpose:15} → {row.target_kind} {row.target_address}  due {when}")

    async def _list_people(self) -> None:
        async with self.uow_factory() as uow:
            org = await uow.orgs.first()
            people = await uow.people.all(org.id) if org else []
        for person in people:
            roles = ", ".join(sorted({r.role for r in person.roles})) or "staff"
            self.write(f"  @{person.handle:18} {person.display_name:20} {roles}")
