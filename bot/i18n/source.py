"""Keep the source-English catalogue complete: each of its messages says what its msgid says.

``make catalogues`` runs ``python -m bot.i18n.source bot/locale/en_GB/LC_MESSAGES/messages.po``
after ``pybabel update``. The bot itself never reads this catalogue (the source is the text); it is
there so every shipped language has a complete catalogue of the same messages, and so a copy editor
sees the English as translators of other languages do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill(path: Path) -> int:
    """Copy every msgid into its msgstr (plural forms too); returns how many entries changed."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    changed = 0
    for message in catalogue:
        if not message.id:
            continue
        wanted = message.id if isinstance(message.id, str) else tuple(message.id)
        if message.string != wanted or message.fuzzy:
            message.string = wanted
            message.flags.discard("fuzzy")
            changed += 1
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, sort_by_file=True)
    return changed


def main() -> None:
    """Fill the catalogue named on the command line."""
    for name in sys.argv[1:]:
        print(f"{name}: {fill(Path(name))} source messages filled in")  # noqa: T201


if __name__ == "__main__":
    main()
