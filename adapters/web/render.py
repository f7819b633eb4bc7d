"""Rendering the one reply model to HTML. User text is escaped by Jinja2's autoescaping.

Buttons, selects and forms become real HTML forms when the page can act on them (the playground);
elsewhere they are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from bot.replies import Reply


@dataclass(frozen=True, slots=True)
class Controls:
    """Where buttons and forms post, and the hidden fields each of them carries."""

    action_url: str
    form_url: str
    hidden: tuple[tuple[str, str], ...] = ()


def render_reply(
    env: Environment, reply: Reply, *, dom_id: str, message_id: str = "", controls: Controls | None = None
) -> Markup:
    """A reply as an HTML fragment.

    Args:
        env: the Jinja2 environment (autoescaping on).
        reply: the reply to show.
        dom_id: a prefix that keeps element ids unique on the page.
        message_id: the message the reply is shown as (sent with clicks, for ``replace_original``).
        controls: where buttons and forms post; ``None`` leaves them out.

    Returns:
        Safe markup: every piece of user text in it is escaped.
    """
    html = env.get_template("partials/reply.html").render(
        reply=reply, dom_id=dom_id, message_id=message_id, controls=controls
    )
    return Markup(html)  # noqa: S704 - rendered by an autoescaping environment
