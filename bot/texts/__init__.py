"""Every sentence the bot says, kept by area (ready for translation later).

``from bot import texts`` then ``texts.CELEBRATE_POSTED`` reads any of them, whichever module holds it.

Wording rules: calm, brief, warm; never blame; always say what to do next.
"""

from bot.texts.general import *  # noqa: F403
from bot.texts.guard import *  # noqa: F403
from bot.texts.learning import *  # noqa: F403
from bot.texts.nudges import *  # noqa: F403
from bot.texts.pathway import *  # noqa: F403
from bot.texts.pl_space import *  # noqa: F403
from bot.texts.plural import *  # noqa: F403
from bot.texts.rotation import *  # noqa: F403
from bot.texts.seminars import *  # noqa: F403
from bot.texts.web import *  # noqa: F403
