"""The staff privacy notice and the terms of use (issue 12): public pages the Teams manifest links to."""

from __future__ import annotations

import json

from bot.store.retention import DEFAULT_RULES
from tests.adapters.web.conftest import Site, client
from tests.conftest import ROOT


async def test_the_privacy_notice_is_public_and_built_from_the_deployment(site: Site) -> None:
    async with client() as session, session.get(f"{site.url}/privacy") as response:
        assert response.status == 200
        html = await response.text()
    assert "Northshire County Council" in html
    assert "dpo@northshire.example" in html  # organisation.privacy_contact from the organisation file
    assert "/sofs forget-me" in html
    for rule in DEFAULT_RULES:
        assert rule.description.replace("(", "").split()[0] in html
    assert "<td>2 years</td>" in html  # celebrations
    assert "<td>1 day</td>" in html  # inbound event ids


async def test_the_terms_are_public(site: Site) -> None:
    async with client() as session, session.get(f"{site.url}/terms") as response:
        assert response.status == 200
        assert "identify a child or family" in await response.text()


def test_the_manifest_links_to_both_pages() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["developer"]["privacyUrl"].endswith("/privacy")
    assert manifest["developer"]["termsOfUseUrl"].endswith("/terms")
