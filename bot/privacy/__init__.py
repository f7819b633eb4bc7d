"""The identifier guard: stop identifying details of children and families before anything is stored.

Pure functions, regex and string work only; every pattern and the given-name list are prepared
once at import. ``scan`` reports findings with spans in the original text, each of a tier:
``block`` (never postable, by anyone) or ``check`` (its author may confirm). ``is_overridable`` says
whether the author may still post after a warning (only when every finding is a ``check``).
``rules_for`` builds one organisation's rules for every surface.
"""

from bot.privacy.model import KINDS, Finding, GuardRules, Tier
from bot.privacy.rules import rules_for, with_colleagues
from bot.privacy.scanner import is_blocking, is_overridable, scan

__all__ = [
    "KINDS",
    "Finding",
    "GuardRules",
    "Tier",
    "is_blocking",
    "is_overridable",
    "rules_for",
    "scan",
    "with_colleagues",
]
