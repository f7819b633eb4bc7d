"""Verifying the audit log's hash chain (``plbot audit verify``)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.models import AuditEntry
from bot.store.repositories.audit import GENESIS_HASH, chain_hash


def verify_chain(entries: Sequence[AuditEntry]) -> list[str]:
    """Problems in the chain, oldest first (empty when intact).

    The oldest kept row may follow rows removed by retention, so its ``prev_hash`` is taken as given;
    every later row must link to the one before it and every row's hash must match its fields.
    """
    problems: list[str] = []
    previous = entries[0].prev_hash if entries else GENESIS_HASH
    for entry in entries:
        if entry.prev_hash != previous:
            problems.append(f"entry {entry.id}: does not follow the entry before it (a row was removed or changed)")
        if entry.hash != chain_hash(entry.prev_hash, entry):
            problems.append(f"entry {entry.id}: its content does not match its hash (it was changed)")
        previous = entry.hash
    return problems
