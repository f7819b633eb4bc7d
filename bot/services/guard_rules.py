"""The identifier guard's rules for an organisation, as every surface loads them.

One builder (:func:`bot.privacy.rules_for`) over one directory (the organisation's people: display
names, including those the platforms reported, and handles) plus the organisation file's ``guard``
section. The chat handler, publishing, the web forms and the CLI all call :func:`load_guard_rules`,
so "thanks Sam" passes, and "Sam (7)" is blocked, the same way everywhere.
"""

from __future__ import annotations

import logging

from bot.privacy import GuardRules, rules_for
from bot.store.models import Organisation
from bot.store.uow import UnitOfWork

log = logging.getLogger(__name__)


async def load_guard_rules(uow: UnitOfWork, org: Organisation) -> GuardRules:
    """The organisation's guard rules (built-in rules plus staff names if its own are invalid)."""
    names = await uow.people.directory_names(org.id)
    try:
        return rules_for(names, org.guard_rules or {})
    except ValueError:
        log.warning("organisation guard rules are invalid; using the built-in rules and staff names only")
        return rules_for(names)
