"""``plbot privacy check``: the identifier guard over standard input, one JSON result per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from bot.privacy import GuardRules, scan


def text_of(line: str) -> str:
    """The text of an input line: a JSONL object's ``text`` field, or the plain line itself."""
    stripped = line.rstrip("\n")
    if stripped.lstrip().startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            return stripped
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return str(data["text"])
    return stripped


def check_lines(lines: Iterable[str], rules: GuardRules | None = None) -> Iterator[str]:
    """One JSON line per input line: ``{"identifying": bool, "findings": [{kind, start, end}]}``."""
    for line in lines:
        findings = scan(text_of(line), rules)
        result = {
            "identifying": bool(findings),
            "findings": [{"kind": f.kind, "start": f.start, "end": f.end} for f in findings],
        }
        yield json.dumps(result)


def rules_from(configured: dict[str, object] | None) -> GuardRules | None:
    """Guard rules from an organisation's stored ``guard_rules`` (None when there are none)."""
    if not configured:
        return None
    patterns = configured.get("extra_patterns") or {}
    allowed = configured.get("allowed_words") or []
    return GuardRules(
        extra_patterns=tuple((str(k), str(v)) for k, v in dict(patterns).items()),  # type: ignore[call-overload]
        allowed_words=frozenset(str(w) for w in list(allowed)),  # type: ignore[call-overload]
    )
