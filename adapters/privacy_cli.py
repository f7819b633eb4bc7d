"""``plbot privacy check``: the identifier guard over standard input, one JSON result per line.

It applies exactly the bot's rules for an organisation (:func:`bot.privacy.rules_for`: staff
names, extra patterns, allowed words), from ``--org FILE`` or from the organisation in the database.
Each input line is plain text, or (when it starts with ``{``) a JSON object with a ``text`` field,
as in the development corpora; a line that starts like JSON but is not such an object is an input
error (exit code 2), so a broken JSONL file is never silently read as prose.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.domain.orgfile import OrgFile, OrgFileError, parse_org_file
from bot.privacy import GuardRules, is_blocking, rules_for, scan


class PrivacyInputError(ValueError):
    """Input the checker cannot read; the message is one line for standard error."""


def _text_of_json(line: str, number: int) -> str:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        msg = f"line {number}: not valid JSON ({error.msg}); JSON Lines input needs one object per line"
        raise PrivacyInputError(msg) from error
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        msg = f'line {number}: expected a JSON object with a "text" string'
        raise PrivacyInputError(msg)
    return str(data["text"])


def result_of(text: str, rules: GuardRules | None) -> dict[str, object]:
    """The guard's verdict on one text, as ``plbot privacy check`` prints it."""
    findings = scan(text, rules)
    return {
        "identifying": bool(findings),
        "blocking": is_blocking(findings),
        "findings": [{"kind": f.kind, "tier": f.tier, "start": f.start, "end": f.end} for f in findings],
    }


def check_lines(lines: Iterable[str], rules: GuardRules | None = None) -> Iterator[str]:
    """One JSON line per input line, in input order.

    Raises:
        PrivacyInputError: JSON Lines input with a line that is not an object with ``text``.
    """
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        text = _text_of_json(line, number) if line.lstrip().startswith("{") else line
        yield json.dumps(result_of(text, rules))


def _names(spec: OrgFile) -> list[str]:
    return [name for person in spec.people for name in (person.name, person.handle)]


def rules_from_org_file(path: Path) -> GuardRules:
    """The rules the bot would apply for the organisation in ``path``.

    Raises:
        PrivacyInputError: the file is missing, unreadable or not a valid organisation file.
    """
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as error:
        msg = f"cannot read the organisation file {path}: {error.strerror or error}"
        raise PrivacyInputError(msg) from error
    except UnicodeDecodeError as error:
        msg = f"the organisation file {path} is not UTF-8 text"
        raise PrivacyInputError(msg) from error
    try:
        spec = parse_org_file(content)
    except OrgFileError as error:
        msg = f"the organisation file {path} is not valid: " + "; ".join(error.problems)
        raise PrivacyInputError(msg) from error
    guard = spec.organisation.guard
    configured = {"extra_patterns": dict(guard.extra_patterns), "allowed_words": list(guard.allowed_words)}
    try:
        return rules_for(_names(spec), configured)
    except ValueError as error:
        msg = f"the organisation file {path} has invalid guard rules: {error}"
        raise PrivacyInputError(msg) from error
