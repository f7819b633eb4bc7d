"""One scheduler per SQLite database: an exclusive file lock beside the database file.

SQLite has a single writer and no ``SKIP LOCKED``, so a second scheduler process is refused at
start with a clear message. The lock belongs to the process: it is released when the process exits,
even after ``kill -9``. PostgreSQL needs no lock (claims use ``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.store.db import is_sqlite


class SchedulerAlreadyRunning(RuntimeError):
    """Another scheduler process holds this SQLite database."""


class SchedulerLock:
    """An exclusive, process-owned lock file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or explain who holds it.

        Raises:
            SchedulerAlreadyRunning: Another process holds it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            msg = (
                f"Another scheduler (pid {holder}) is already running on this SQLite database. "
                "SQLite allows one scheduler process: stop the other one, run `plbot serve --no-scheduler` "
                "here, or use PostgreSQL to run several."
            )
            raise SchedulerAlreadyRunning(msg) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def scheduler_lock(database_url: str) -> SchedulerLock | None:
    """The lock a scheduler on this database must hold (None for PostgreSQL and in-memory SQLite).

    Args:
        database_url: The SQLAlchemy URL.

    Returns:
        The lock, not yet acquired.
    """
    if not is_sqlite(database_url):
        return None
    path = database_url.split("///", 1)[-1]
    if not path or path == ":memory:" or "mode=memory" in path:
        return None
    return SchedulerLock(Path(path).with_name(Path(path).name + ".scheduler.lock"))
