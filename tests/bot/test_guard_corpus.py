"""The identifier guard against the colleague corpus, with exactly the demo county's rules.

``tests/data/guard-colleagues.jsonl`` (see its README) holds ordinary thanks naming colleagues,
children made identifiable (half of them sharing a colleague's first name) and clean practice talk.
Targets (issue 11): colleague and clean lines flagged at most 2 %; child lines blocked at least 98 %.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from adapters.privacy_cli import rules_from_org_file
from bot.privacy import is_blocking, scan
from tests.conftest import DEMO_ORG, ROOT

CORPUS = ROOT / "tests" / "data" / "guard-colleagues.jsonl"
MAX_FLAGGED = 0.02
MIN_BLOCKED = 0.98
MIN_LINES_PER_GROUP = 100


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_colleague_corpus_meets_targets() -> None:
    rules = rules_from_org_file(DEMO_ORG)
    total: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    blocked: Counter[str] = Counter()
    for row in rows(CORPUS):
        group, findings = str(row["group"]), scan(str(row["text"]), rules)
        total[group] += 1
        flagged[group] += bool(findings)
        blocked[group] += is_blocking(findings)
    report = [f"{g:<10}{total[g]:>4} lines, flagged {flagged[g]:>4}, blocked {blocked[g]:>4}" for g in sorted(total)]
    print("\nidentifier guard (colleague corpus)\n" + "\n".join(report))  # noqa: T201 - the table is the report
    assert min(total.values()) >= MIN_LINES_PER_GROUP
    for group in ("colleague", "clean"):
        assert flagged[group] / total[group] <= MAX_FLAGGED, group
    assert blocked["child"] / total["child"] >= MIN_BLOCKED
