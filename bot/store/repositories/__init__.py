"""Repositories: the queries the core needs, one module per aggregate.

Only the store speaks SQL: intents, services, the scheduler and the adapters reach these through
the unit of work (``uow.people``, ``uow.outbox``, ``uow.seminars.votes`` …) and get typed results.
"""

from bot.store.repositories.audit import GENESIS_HASH, AuditLog, chain_hash
from bot.store.repositories.base import _Repository
from bot.store.repositories.briefings import Briefings, BriefingStatus
from bot.store.repositories.case_maps import CaseMaps
from bot.store.repositories.celebrations import Celebrations
from bot.store.repositories.digests import DigestQueries
from bot.store.repositories.events import Events
from bot.store.repositories.first_contacts import FirstContacts
from bot.store.repositories.ideas import Ideas
from bot.store.repositories.inbound import InboundEvents
from bot.store.repositories.membership import Membership
from bot.store.repositories.nudge_config import NudgeConfig
from bot.store.repositories.nudges import Nudges
from bot.store.repositories.occurrences import Occurrences
from bot.store.repositories.organisations import Organisations
from bot.store.repositories.outbox import Outbox, OutboxRecovery
from bot.store.repositories.people import People
from bot.store.repositories.programme import Programme
from bot.store.repositories.pulse import Pulse
from bot.store.repositories.rsvps import Rsvps
from bot.store.repositories.seminars import SeminarStore
from bot.store.repositories.stories import Stories
from bot.store.repositories.topics import Topics
from bot.store.repositories.votes import Votes

__all__ = [
    "GENESIS_HASH",
    "AuditLog",
    "BriefingStatus",
    "Briefings",
    "CaseMaps",
    "Celebrations",
    "DigestQueries",
    "Events",
    "FirstContacts",
    "Ideas",
    "InboundEvents",
    "Membership",
    "NudgeConfig",
    "Nudges",
    "Occurrences",
    "Organisations",
    "Outbox",
    "OutboxRecovery",
    "People",
    "Programme",
    "Pulse",
    "Rsvps",
    "SeminarStore",
    "Stories",
    "Topics",
    "Votes",
    "_Repository",
    "chain_hash",
]
