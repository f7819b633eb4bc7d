"""Which language each reader gets (issue 17), in the order the README gives.

A person: their choice in ``/sofs settings``, then ``people[].locale`` in the organisation file, then
what their platform reports (Slack's ``users.info`` locale, Teams' ``activity.locale``) when it names a
shipped language, then ``organisation.locale``, then en-GB. A channel: its team's ``locale``, then its
locality's, then the organisation's. The web pages follow the signed-in reader.
"""

from __future__ import annotations

from bot import i18n
from bot.store.models import ChannelBinding, Organisation, Person
from bot.store.uow import UnitOfWork


def person_locale(person: Person | None, org: Organisation | None) -> str:
    """The language to write to ``person`` in (the organisation's when nobody is known)."""
    org_locale = org.locale if org is not None else ""
    if person is None:
        return i18n.negotiate(org_locale) or i18n.SOURCE_LOCALE
    candidates = (person.chosen_locale, person.locale, person.platform_locale, org_locale)
    return i18n.negotiate(*candidates) or i18n.SOURCE_LOCALE


def unit_locale(team: str, locality: str, org: Organisation | None) -> str:
    """The language of a team's or locality's channel posts from the locales set on each level."""
    return i18n.negotiate(team, locality, org.locale if org is not None else "") or i18n.SOURCE_LOCALE


async def channel_locale(uow: UnitOfWork, binding: ChannelBinding | None, org: Organisation | None) -> str:
    """The language of posts to a bound channel (the organisation's for an unbound one)."""
    if binding is None:
        return unit_locale("", "", org)
    team, locality = await uow.orgs.unit_locales(binding.team_id, binding.locality_id)
    return unit_locale(team, locality, org)
