"""Errors the core raises.

BotError
└── UserError      a request the user can fix; its message is shown to them, kindly
    └── NotAllowed the actor may not do this (for example approve a story outside their team)
"""

from __future__ import annotations


class BotError(Exception):
    """Base of the bot's own errors."""


class UserError(BotError):
    """Something the user asked that cannot be done as asked; ``str(error)`` is shown to them."""


class NotAllowed(UserError):
    """The actor may not do this."""
