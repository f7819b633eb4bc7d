"""The ``plbot`` verbs, one module each: ``add_parser`` declares the verb's arguments, ``run`` does it.

:mod:`adapters.cli` parses the command line and calls the chosen verb's ``run`` with the settings;
each verb builds what it needs through :mod:`adapters.bootstrap`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeAlias

from bot.config import Settings

Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""Where a verb module adds its sub-command (``add_parser``)."""

Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]
"""A verb: the settings and the parsed arguments in, the exit code out."""


def scheduler_lock_or_explain(settings: Settings) -> bool:
    """Hold the one-scheduler lock (SQLite); print why not and return False when another process holds it."""
    from scheduler.lock import SchedulerAlreadyRunning  # noqa: PLC0415  # every verb imports this module
    from scheduler.service import hold_scheduler_lock  # noqa: PLC0415  # only the verbs that schedule

    try:
        hold_scheduler_lock(settings.database_url)
    except SchedulerAlreadyRunning as error:
        print(error, file=sys.stderr)
        return False
    return True
