"""The language Slack reports for a person, added to their events before the turn (inbox enrichment).

Slack payloads carry no locale: only the Web API's ``users.info`` with ``include_locale=true`` says it
(``user.locale``, e.g. ``"cy-GB"``). :class:`SlackLocales` asks once per person a day (an in-process,
bounded cache timed by the injected clock), remembers a failure (a 429, an error, a timeout) for an
hour without asking again, and never fails a turn: without an answer the event goes on unchanged.

A modal submission's acknowledgement waits for its turn, so its event takes only what the cache
already knows (the person was looked up when they opened the modal).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import OrderedDict
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.events import Event, FormSubmitted
from bot.ports import Clock

log = logging.getLogger(__name__)

FOUND_FOR = timedelta(hours=24)
"""How long an answer (a locale, or none reported) is kept: one ``users.info`` call a person a day."""
MISSED_FOR = timedelta(hours=1)
"""How long a failed look-up is remembered: no new call for that person before then."""
MAX_PEOPLE = 10_000
"""People kept in the cache; the oldest entry goes first when full."""
LOOKUP_SECONDS = 3.0
"""The longest a turn waits for ``users.info``."""
LOCALE_CHARS = 20


class SlackLocales:
    """Adds ``users.info``'s locale to Slack events (:meth:`enrich`, an inbox enrichment hook)."""

    def __init__(
        self,
        client: AsyncWebClient,
        clock: Clock,
        *,
        max_people: int = MAX_PEOPLE,
        timeout: float = LOOKUP_SECONDS,
    ) -> None:
        self.client = client
        self.clock = clock
        self.max_people = max(1, max_people)
        self.timeout = timeout
        self._cache: OrderedDict[str, tuple[str, datetime]] = OrderedDict()
        self._asking: dict[str, asyncio.Task[str]] = {}

    async def enrich(self, event: Event) -> Event:
        """``event`` with ``actor.locale`` set from Slack when known; unchanged otherwise (never raises)."""
        actor = event.actor
        if actor.platform != "slack" or actor.is_bot or not actor.user_id or actor.locale:
            return event
        try:
            locale = self.cached(actor.user_id)
            if locale is None and not isinstance(event, FormSubmitted):
                locale = await self.lookup(actor.user_id)
        except Exception as error:  # an enrichment never fails a turn
            log.warning("slack locale not read", extra={"platform": "slack", "event_type": type(error).__name__})
            return event
        if not locale:
            return event
        return dataclasses.replace(event, actor=dataclasses.replace(actor, locale=locale))

    def cached(self, user_id: str) -> str | None:
        """The remembered locale of ``user_id`` ("" for none or a recent failure); None when not known."""
        entry = self._cache.get(user_id)
        if entry is None:
            return None
        locale, until = entry
        if self.clock.now() >= until:
            del self._cache[user_id]
            return None
        return locale

    async def lookup(self, user_id: str) -> str:
        """Ask Slack for ``user_id``'s locale (one call at a time per person), and remember the answer."""
        task = self._asking.get(user_id)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._ask(user_id))
            self._asking[user_id] = task
            task.add_done_callback(lambda _done: self._asking.pop(user_id, None))
        return await asyncio.shield(task)

    async def _ask(self, user_id: str) -> str:
        try:
            response = await asyncio.wait_for(
                self.client.users_info(user=user_id, include_locale=True), timeout=self.timeout
            )
            user = response.get("user")
            locale = user.get("locale") if isinstance(user, dict) else None
        except Exception as error:  # a 429, ok:false, a 5xx, a timeout: no locale, not asked again soon
            log.info("slack locale not read", extra={"platform": "slack", "event_type": type(error).__name__})
            self._remember(user_id, "", MISSED_FOR)
            return ""
        found = locale[:LOCALE_CHARS] if isinstance(locale, str) else ""
        self._remember(user_id, found, FOUND_FOR)
        return found

    def _remember(self, user_id: str, locale: str, lasting: timedelta) -> None:
        self._cache.pop(user_id, None)
        self._cache[user_id] = (locale, self.clock.now() + lasting)
        while len(self._cache) > self.max_people:
            self._cache.popitem(last=False)
