"""Every sentence the bot says, kept by area, in the language of the moment.

``from bot import texts`` then ``texts.CELEBRATE_POSTED`` reads any of them, whichever module holds it.
The modules hold the source English; reading a sentence through this package gives it in the current
language (:mod:`bot.i18n`), looked up in the catalogue under the constant's name. Read sentences when
you write a reply, never at import time, or the reply stays English.

Wording rules: calm, brief, warm; never blame; always say what to do next.
"""

from typing import TYPE_CHECKING

from bot.texts.catalogue import guard_kind, usage_of
from bot.texts.plural import Counted, plural

if TYPE_CHECKING:  # the type checker sees the English constants with their own types
    from bot.texts.general import *  # noqa: F403
    from bot.texts.guard import *  # noqa: F403
    from bot.texts.learning import *  # noqa: F403
    from bot.texts.manifest import *  # noqa: F403
    from bot.texts.nudges import *  # noqa: F403
    from bot.texts.pathway import *  # noqa: F403
    from bot.texts.pl_space import *  # noqa: F403
    from bot.texts.rotation import *  # noqa: F403
    from bot.texts.seminars import *  # noqa: F403
    from bot.texts.web import *  # noqa: F403
else:
    from bot.texts.catalogue import translated

    def __getattr__(name: str) -> object:
        """A sentence (or a table of them) in the current language."""
        return translated(name)


__all__ = ["Counted", "guard_kind", "plural", "usage_of"]
