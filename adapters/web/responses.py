"""Building responses: every page gets the same security headers and is rendered with autoescaping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from adapters.web.state import WEB_KEY

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def page(
    request: web.Request,
    template: str,
    *,
    status: int = 200,
    headers: Mapping[str, str] = SECURITY_HEADERS,
    **context: Any,
) -> web.Response:
    """Render a template into an HTML response with the security headers (``headers``: other ones)."""
    state = request.app[WEB_KEY]
    html = state.env.get_template(template).render(request_path=request.path, playground_on=state.playground, **context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=headers)


def redirect(location: str) -> web.Response:
    """A 303 "see other" response after a form post."""
    return web.Response(status=303, headers={**SECURITY_HEADERS, "Location": location})


def message_page(request: web.Request, title: str, body: str, *, status: int = 200) -> web.Response:
    """A short page with one message (refusals, confirmations)."""
    return page(request, "message.html", status=status, title=title, body=body)
