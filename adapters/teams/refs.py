"""Stored Teams conversation references: where the bot can post proactively.

Teams lets a bot post only into conversations it has seen: a team channel after the app was added
to the team, a person's 1:1 chat after they (or an admin policy) installed the app for them. Every
activity the bot receives refreshes the reference for its conversation (service URL, tenant, the
bot's account), and the sender looks them up here.

The table is the core's ``conversation_refs`` model (``bot/store/models_teams.py``, migration
0003), used here through SQLAlchemy Core.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Table,
    delete,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.teams.translate import (
    Kind,
    as_dict,
    base_conversation_id,
    conversation_kind,
    tenant_of,
)
from bot.store.models import Base, Person, PersonIdentity
from bot.store.models_teams import ConversationRef as ConversationRefModel

PLATFORM = "teams"

metadata = Base.metadata
conversation_refs: Table = ConversationRefModel.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """Where to post: a conversation id, its service URL and tenant, and the bot's own account."""

    conversation_id: str
    kind: str
    service_url: str
    tenant_id: str = ""
    team_id: str = ""
    user_id: str = ""
    person_id: int | None = None
    bot: dict[str, Any] | None = None

    def reference(self) -> dict[str, Any]:
        """The Bot Framework ConversationReference JSON (``get_conversation_reference`` shape)."""
        conversation: dict[str, Any] = {"id": self.conversation_id, "conversationType": self.kind}
        if self.tenant_id:
            conversation["tenantId"] = self.tenant_id
        if self.kind != "personal":
            conversation["isGroup"] = True
        reference: dict[str, Any] = {
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "conversation": conversation,
        }
        if self.bot:
            reference["bot"] = self.bot
        if self.user_id:
            reference["user"] = {"id": self.user_id}
        return reference


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def refs_of(activity: object) -> list[ConversationRef]:
    """The conversation references an activity reveals (pure).

    A channel activity gives its channel (without the thread suffix) and, for ``channelCreated``
    and similar updates, the channel named in ``channelData``; a personal chat gives the person's
    1:1 reference; a group chat gives the chat.
    """
    data = as_dict(activity)
    service_url = data.get("serviceUrl")
    raw_id = _obj(data.get("conversation")).get("id")
    if not isinstance(service_url, str) or not service_url or not isinstance(raw_id, str) or not raw_id:
        return []
    kind: Kind = conversation_kind(data)
    channel_data = _obj(data.get("channelData"))
    bot = {k: v for k, v in _obj(data.get("recipient")).items() if k in ("id", "name") and isinstance(v, str)}
    tenant_id, team_id = tenant_of(data), str(_obj(channel_data.get("team")).get("id") or "")
    if kind == "personal":
        user_id = str(_obj(data.get("from")).get("id") or "")
        if not user_id or user_id == bot.get("id"):
            return []
        return [
            ConversationRef(
                conversation_id=raw_id,
                kind=kind,
                service_url=service_url,
                tenant_id=tenant_id,
                team_id=team_id,
                user_id=user_id,
                bot=bot or None,
            )
        ]
    ids = [base_conversation_id(raw_id)]
    channel_id = _obj(channel_data.get("channel")).get("id")
    if kind == "channel" and isinstance(channel_id, str) and channel_id and channel_id not in ids:
        ids.append(channel_id)
    return [
        ConversationRef(
            conversation_id=cid,
            kind=kind,
            service_url=service_url,
            tenant_id=tenant_id,
            team_id=team_id,
            bot=bot or None,
        )
        for cid in ids
    ]


def _row_to_ref(row: Any) -> ConversationRef:
    reference = json.loads(row.reference_json)
    return ConversationRef(
        conversation_id=row.conversation_id,
        kind=row.kind,
        service_url=row.service_url,
        tenant_id=row.tenant_id,
        team_id=row.team_id,
        user_id=row.user_id,
        person_id=row.person_id,
        bot=reference.get("bot") if isinstance(reference, dict) else None,
    )


class ConversationRefs:
    """The ``conversation_refs`` table: upsert on every activity, look up for every send."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def remember(self, ref: ConversationRef, now: datetime, *, link_person: bool = False) -> None:
        """Insert or refresh one reference.

        With ``link_person``, a 1:1 chat given without a person id is linked to the person whose Teams
        identity is its user id, found in the same statement (a link already stored stays when nobody
        has that identity yet): one statement instead of a separate lookup of the person.
        """
        values: dict[str, Any] = {
            "platform": PLATFORM,
            "conversation_id": ref.conversation_id[:300],
            "kind": ref.kind,
            "person_id": ref.person_id,
            "user_id": ref.user_id[:200],
            "team_id": ref.team_id[:300],
            "tenant_id": ref.tenant_id[:100],
            "service_url": ref.service_url[:500],
            "reference_json": json.dumps(ref.reference(), separators=(",", ":")),
            "updated_at": now,
        }
        # imported here: the PostgreSQL dialect's modules cost a fifth of a second of start-up on SQLite
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]  # noqa: PLC0415
        changes = {k: v for k, v in values.items() if k not in ("platform", "conversation_id")}
        linking = link_person and ref.person_id is None and ref.kind == "personal" and bool(ref.user_id)
        if linking:
            values["person_id"] = (
                select(PersonIdentity.person_id)
                .where(PersonIdentity.platform == PLATFORM, PersonIdentity.platform_user_id == ref.user_id)
                .scalar_subquery()
            )
        elif ref.person_id is None:
            changes.pop("person_id")
        statement = insert(conversation_refs).values(**values)
        if linking:
            changes["person_id"] = func.coalesce(statement.excluded.person_id, conversation_refs.c.person_id)
        statement = statement.on_conflict_do_update(index_elements=["platform", "conversation_id"], set_=changes)
        async with self.engine.begin() as connection:
            await connection.execute(statement)

    async def _first(self, query: Any) -> ConversationRef | None:
        async with self.engine.connect() as connection:
            row = (await connection.execute(query.limit(1))).first()
        return _row_to_ref(row) if row is not None else None

    async def for_conversation(self, conversation_id: str) -> ConversationRef | None:
        """The reference of a channel or chat, by its id (a thread suffix is ignored)."""
        query = select(conversation_refs).where(
            conversation_refs.c.platform == PLATFORM,
            conversation_refs.c.conversation_id == base_conversation_id(conversation_id),
        )
        return await self._first(query)

    async def personal(self, *, person_id: int | None, user_id: str) -> ConversationRef | None:
        """A person's 1:1 chat with the bot, by our person id or their Teams user id."""
        table = conversation_refs.c
        match = table.user_id == user_id if user_id else None
        if person_id is not None:
            match = table.person_id == person_id if match is None else (match | (table.person_id == person_id))
        if match is None:
            return None
        query = (
            select(conversation_refs)
            .where(table.platform == PLATFORM, table.kind == "personal", match)
            .order_by(table.updated_at.desc())
        )
        return await self._first(query)

    async def latest_channel(self) -> ConversationRef | None:
        """The most recently seen team channel (its service URL and bot account serve any channel)."""
        query = (
            select(conversation_refs)
            .where(conversation_refs.c.platform == PLATFORM, conversation_refs.c.kind == "channel")
            .order_by(conversation_refs.c.updated_at.desc())
        )
        return await self._first(query)

    async def forget(self, *, conversation_id: str = "", team_id: str = "") -> None:
        """Drop references after the app was removed from a chat or a team."""
        table = conversation_refs.c
        condition = (
            table.team_id == team_id if team_id else table.conversation_id == base_conversation_id(conversation_id)
        )
        async with self.engine.begin() as connection:
            await connection.execute(delete(conversation_refs).where(table.platform == PLATFORM, condition))

    async def reachable(self) -> tuple[set[int], set[str]]:
        """Person ids and Teams user ids that have a 1:1 chat with the bot."""
        query = select(conversation_refs.c.person_id, conversation_refs.c.user_id).where(
            conversation_refs.c.platform == PLATFORM, conversation_refs.c.kind == "personal"
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return {r.person_id for r in rows if r.person_id is not None}, {r.user_id for r in rows if r.user_id}

    async def unreachable(self, people: Sequence[Person]) -> list[Person]:
        """People with a Teams id whom the bot cannot message yet (no 1:1 chat): for ``plbot org show``."""
        person_ids, user_ids = await self.reachable()
        missing = []
        for person in people:
            teams_id = next((i.platform_user_id for i in person.identities if i.platform == PLATFORM), "")
            if teams_id and person.id not in person_ids and teams_id not in user_ids:
                missing.append(person)
        return missing
