"""Delivers outbox rows to the terminal: channel posts and direct messages are printed."""

from __future__ import annotations

from collections.abc import Callable

from adapters.console.render import ButtonBoard
from bot.ports import SendResult
from bot.replies import OutgoingMessage
from bot.store.uow import UnitOfWorkFactory


class ConsoleSender:
    """The console platform's sender."""

    platform = "console"

    def __init__(self, uow_factory: UnitOfWorkFactory, board: ButtonBoard, write: Callable[[str], None]) -> None:
        self.uow_factory = uow_factory
        self.board = board
        self.write = write
        self.count = 0

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Print the message with a header saying where it went."""
        target = message.target
        if target.kind == "person":
            async with self.uow_factory() as uow:
                person = await uow.people.get(int(target.address)) if target.address.isdigit() else None
            header = f"── DM to {person.display_name} (@{person.handle})" if person else f"── DM to {target.address}"
        else:
            header = f"── in #{target.address}" + (" (thread)" if target.thread_id else "")
        self.write(f"{header}\n{self.board.render(message.reply)}")
        self.count += 1
        return SendResult("sent", message_id=f"console-{self.count}")
