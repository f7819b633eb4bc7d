"""The web area's ``plbot`` verbs: ``report locality`` and ``publish --out DIR``."""

from __future__ import annotations

from pathlib import Path

from adapters.web.practice import EXPORT_PREFIX, export_site
from adapters.web.review import FORMATS, find_locality, load_review, parse_period, render_review
from adapters.web.templating import make_environment
from bot import texts
from bot.domain.signin import configure_base_url
from bot.ports import Clock
from bot.store.uow import UnitOfWorkFactory


async def locality_report(
    uow_factory: UnitOfWorkFactory, clock: Clock, *, timezone: str, name: str, start: str, end: str, fmt: str
) -> tuple[int, str]:
    """``plbot report locality NAME --from DATE --to DATE [--format html|csv|md]``.

    Returns:
        The exit code and the text to print (the report, or what to fix).
    """
    period = parse_period(start, end)
    if period is None:
        return 2, texts.REPORT_BAD_DATES
    async with uow_factory() as uow:
        localities = list(await uow.orgs.localities())
        locality = find_locality(localities, name)
        if locality is None:
            known = ", ".join(f"{loc.name} ({loc.slug})" for loc in localities) or "-"
            return 2, texts.REPORT_UNKNOWN_LOCALITY.format(name=name, known=known)
        review = await load_review(uow, locality, period, timezone, clock.now())
    return 0, render_review(make_environment(), review, FORMATS.get(fmt, "md"))


async def publish_site(uow_factory: UnitOfWorkFactory, clock: Clock, public_url: str, out: str) -> tuple[int, str]:
    """``plbot publish --out DIR``: the static export of every published story."""
    configure_base_url(public_url)
    written = await export_site(make_environment(), uow_factory, Path(out), clock.now())
    stories = sum(1 for path in written if path.name.startswith(EXPORT_PREFIX))
    return 0, f"Wrote {len(written)} files to {out} ({stories} published stories)."
