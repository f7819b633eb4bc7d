"""The seminar area's repositories over one session (``uow.seminars``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.repositories.briefings import Briefings
from bot.store.repositories.case_maps import CaseMaps
from bot.store.repositories.events import Events
from bot.store.repositories.membership import Membership
from bot.store.repositories.programme import Programme
from bot.store.repositories.rsvps import Rsvps
from bot.store.repositories.topics import Topics
from bot.store.repositories.votes import Votes


class SeminarStore:
    """The seminar area's repositories over one session (``uow.seminars``)."""

    def __init__(self, session: AsyncSession) -> None:
        self.topics = Topics(session)
        self.votes = Votes(session)
        self.programme = Programme(session)
        self.rsvps = Rsvps(session)
        self.maps = CaseMaps(session)
        self.briefings = Briefings(session)
        self.membership = Membership(session)
        self.events = Events(session)
