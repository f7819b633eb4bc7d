"""Plain words typed to the bot: what kind of message it is, and which command it is closest to (pure).

A person who opens a chat with the bot types "hello", "help" or a sentence, not a command. These
rules decide how the bot answers: a greeting, thanks, a request for help, or something it did not
catch (answered by naming the closest command). Matching is on whole words, case-insensitive.
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum

from bot.commands import Command, catalogue_entry, command_names

_WORDS = re.compile(r"[a-z']+")


class SmallTalk(StrEnum):
    """What a plain message to the bot is."""

    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    OTHER = "other"


_GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "bore", "da", "shwmae"})
_THANKS = frozenset({"thanks", "thank", "thx", "cheers", "diolch", "ta"})
_HELP_PHRASES = ("what can you do", "how do i", "how does this work", "what do you do", "who are you")
_HELP_WORDS = frozenset({"help", "?", "commands", "menu", "start"})

_KEYWORDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"thank", "thanks", "celebrate", "celebration", "kudos", "shoutout", "praise"}), "celebrate"),
    (frozenset({"story", "stories", "practice", "share", "example", "intranet"}), "goodpractice"),
    (frozenset({"agenda", "meeting", "item", "chair"}), "agenda"),
    (frozenset({"seminar", "seminars", "topic", "topics", "vote", "event", "events", "programme"}), "seminar"),
    (frozenset({"map", "mapping", "worried", "scale"}), "map"),
    (frozenset({"idea", "ideas", "suggest", "suggestion"}), "idea"),
    (frozenset({"settings", "nudge", "nudges", "leave", "snooze", "stop", "hours", "timezone"}), "sofs"),
)


def words_of(text: str) -> list[str]:
    """The lower-cased words of ``text`` (apostrophes kept, punctuation dropped)."""
    return _WORDS.findall(text.lower())


def classify(text: str) -> SmallTalk:
    """What a plain message to the bot is.

    Short messages only count as greetings or thanks ("hello", "thanks so much"); a long sentence
    that starts with "hi" is a request the bot did not catch, so it is answered with a suggestion.
    """
    stripped = text.strip().lower()
    if stripped in {"?", "??", "???"}:
        return SmallTalk.HELP
    words = words_of(stripped)
    if any(phrase in stripped for phrase in _HELP_PHRASES) or (words and words[0] in _HELP_WORDS and len(words) <= 3):
        return SmallTalk.HELP
    if 0 < len(words) <= 4:
        if words[0] in _THANKS or ("thank" in words and "you" in words):
            return SmallTalk.THANKS
        if words[0] in _GREETINGS or words[:2] == ["good", "morning"]:
            return SmallTalk.GREETING
    return SmallTalk.OTHER


def closest_to(text: str) -> Command:
    """The command a free sentence is closest to: by topic words first, then by spelling of any
    word against the command names (``/sofs`` when nothing is close)."""
    words = words_of(text)
    for keywords, name in _KEYWORDS:
        if keywords.intersection(words):
            return catalogue_entry(name)
    names = command_names()
    for word in words:
        matches = difflib.get_close_matches(word, names, n=1, cutoff=0.75)
        if matches:
            return catalogue_entry(matches[0])
    return catalogue_entry("sofs")
