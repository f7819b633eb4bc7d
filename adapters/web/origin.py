"""Cross-site requests refused: every state-changing request to the web pages must come from them.

Browsers say where a request comes from (``Sec-Fetch-Site``, ``Origin``); a form posted from another
site (login CSRF on ``POST /dashboard/signin``, or any other form) is answered 403 before its handler
runs. The forms' own CSRF tokens stay where they exist; this check comes first. Requests with neither
header (not from a browser) are let through to those tokens.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler

from adapters.web.state import WEB_KEY

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
GUARDED_PREFIXES = ("/dashboard", "/playground")
SAME_SITE_FETCH = frozenset({"same-origin", "none"})


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def is_cross_site(request: web.Request, base_url: str) -> bool:
    """True when the browser says the request comes from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if fetch_site:  # decisive when sent: with Referrer-Policy no-referrer, Chromium posts Origin: null
        return fetch_site not in SAME_SITE_FETCH
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    allowed = {_origin_of(base_url), f"{request.scheme}://{request.host}".lower()}
    return origin.strip().lower() not in allowed


@web.middleware
async def same_origin_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse a cross-site state-changing request to the web pages with 403."""
    guarded = request.method not in SAFE_METHODS and request.path.startswith(GUARDED_PREFIXES)
    if guarded and is_cross_site(request, request.app[WEB_KEY].base_url):
        raise web.HTTPForbidden(text="Cross-site requests are refused.")
    return await handler(request)
