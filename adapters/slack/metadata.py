"""What a Slack modal remembers between opening and submission (its ``private_metadata``).

A modal knows nothing of the channel it was opened from, so the adapter stores the form's
``context`` together with the channel and the ``response_url`` of the command that opened it.
Slack caps ``private_metadata`` at 3,000 characters; the ``response_url`` is dropped first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

MAX_METADATA = 3000


@dataclass(frozen=True, slots=True)
class FormMeta:
    """The form's own context plus where its answer should go."""

    context: str = ""
    channel_id: str = ""
    thread_ts: str = ""
    response_url: str = ""


def encode_meta(meta: FormMeta) -> str:
    """``meta`` as a compact JSON string of at most 3,000 characters.

    Args:
        meta: What the modal should carry.

    Returns:
        The ``private_metadata`` string (the context alone when everything does not fit).
    """
    full = {"c": meta.context, "ch": meta.channel_id, "th": meta.thread_ts, "ru": meta.response_url}
    for candidate in (full, {**full, "ru": ""}, {"c": meta.context}):
        encoded = json.dumps({k: v for k, v in candidate.items() if v}, separators=(",", ":"))
        if len(encoded) <= MAX_METADATA:
            return encoded
    return ""


def decode_meta(raw: object) -> FormMeta:
    """Read ``private_metadata`` back; anything that is not our JSON is taken as a bare context.

    Args:
        raw: The ``private_metadata`` value from a view payload.

    Returns:
        The decoded metadata (empty when ``raw`` is not a string).
    """
    if not isinstance(raw, str) or not raw:
        return FormMeta()
    try:
        data = json.loads(raw)
    except ValueError:
        return FormMeta(context=raw)
    if not isinstance(data, dict):
        return FormMeta(context=raw)

    def get(key: str) -> str:
        value = data.get(key, "")
        return value if isinstance(value, str) else ""

    return FormMeta(context=get("c"), channel_id=get("ch"), thread_ts=get("th"), response_url=get("ru"))
