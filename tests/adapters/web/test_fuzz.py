"""Hypothesis over the web's query strings and forms: no 5xx, whatever is sent (issue 19)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.adapters.web.conftest import Site, client, sign_in

TEXT = st.one_of(
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "1\r\n2", "\x00", "\ud800", "story", "celebration"]),
)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


async def test_review_query_strings_and_the_nominate_form_never_answer_5xx(site: Site) -> None:
    async with client() as session:
        csrf = await sign_in(session, site.bot, "sam.okafor")
        seen: list[int] = []

        @FUZZ
        @given(start=TEXT, end=TEXT, kind=TEXT, object_id=TEXT)
        def probe(start: str, end: str, kind: str, object_id: str) -> None:
            seen.append(0)
            cases.append((start, end, kind, object_id))

        cases: list[tuple[str, str, str, str]] = []
        probe()
        for start, end, kind, object_id in cases:
            params = {"from": start, "to": end}
            safe = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}
            async with session.get(f"{site.url}/dashboard/review/west", params=safe) as response:
                assert response.status < 500, safe
            form = {"csrf": csrf, "kind": kind, "id": object_id}
            form = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in form.items()}
            async with session.post(f"{site.url}/dashboard/nominate", data=form, allow_redirects=False) as response:
                assert response.status < 500, form
        assert len(seen) >= 10
