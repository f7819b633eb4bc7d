"""The identifier guard: stop identifying details of children and families before anything is stored.

Pure functions, regex and string work only; every pattern and the given-name list are prepared
once at import. ``scan`` reports findings with spans in the original text; ``is_overridable`` says
whether the user may still post after a warning (only when every finding is low confidence).
"""

from bot.privacy.model import KINDS, Finding, GuardRules
from bot.privacy.scanner import is_overridable, scan

__all__ = ["KINDS", "Finding", "GuardRules", "is_overridable", "scan"]
