"""The command catalogue: one source for help text and both platform manifests."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from bot import i18n


@dataclass(frozen=True, slots=True)
class Subcommand:
    """A verb of a command, such as ``/sofs settings``."""

    name: str
    usage: str
    summary: str

    def summary_in(self, command: str) -> str:
        """The one-line help in the current language (``command`` names the parent, for the catalogue)."""
        return i18n.pgettext(f"command.{command}.{self.name}.summary", self.summary)


@dataclass(frozen=True, slots=True)
class Command:
    """One command: its name (no slash), usage line, one-line help and examples."""

    name: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    subcommands: tuple[Subcommand, ...] = ()

    @property
    def slash(self) -> str:
        """The command as typed in Slack, with its slash."""
        return f"/{self.name}"

    @property
    def usage_text(self) -> str:
        """The usage line in the current language (the command words themselves stay English)."""
        return i18n.pgettext(f"command.{self.name}.usage", self.usage)

    @property
    def summary_text(self) -> str:
        """The one-line help in the current language."""
        return i18n.pgettext(f"command.{self.name}.summary", self.summary)

    @property
    def examples_text(self) -> tuple[str, ...]:
        """The examples in the current language."""
        return tuple(i18n.pgettext(f"command.{self.name}.example.{i}", e) for i, e in enumerate(self.examples))

    def messages(self) -> list[tuple[str, str]]:
        """``(context, English)`` for each sentence of this command, as the catalogues hold them."""
        found = [(f"command.{self.name}.usage", self.usage), (f"command.{self.name}.summary", self.summary)]
        found += [(f"command.{self.name}.example.{i}", e) for i, e in enumerate(self.examples)]
        found += [(f"command.{self.name}.{sub.name}.summary", sub.summary) for sub in self.subcommands]
        return found


CATALOGUE: tuple[Command, ...] = (
    Command(
        name="celebrate",
        usage="/celebrate @who what they did",
        summary="Thank colleagues for good Signs of Safety practice, in the channel.",
        examples=(
            "/celebrate @sam @ali for the danger statement with the family",
            "/celebrate @priya brilliant words and pictures at the network meeting",
        ),
    ),
    Command(
        name="goodpractice",
        usage="/goodpractice [list | queue]",
        summary="Share a good-practice story (an appreciative inquiry); PLs approve them for the intranet.",
        examples=("/goodpractice", "/goodpractice list", "/goodpractice queue"),
        subcommands=(
            Subcommand("list", "/goodpractice list", "Your stories and where each one is."),
            Subcommand("queue", "/goodpractice queue", "Stories waiting for your approval (PLs)."),
        ),
    ),
    Command(
        name="agenda",
        usage="/agenda [set ITEM | meeting DAY TIME | cancel | rotate on|off]",
        summary="The next team meeting and its Signs of Safety item.",
        examples=("/agenda", "/agenda set Danger statements: what helps them land with families"),
        subcommands=(
            Subcommand("set", "/agenda set ITEM", "Record the Signs of Safety item for the next meeting."),
            Subcommand(
                "meeting",
                "/agenda meeting Tue 10:00 [weekly|fortnightly|monthly] [TITLE]",
                "Add or change the team meeting (PLs and managers).",
            ),
            Subcommand("cancel", "/agenda cancel", "Mark the next meeting as not happening."),
            Subcommand(
                "rotate",
                "/agenda rotate on|off",
                "Take turns bringing the Signs of Safety item, the PL as back-up (PLs and managers).",
            ),
        ),
    ),
    Command(
        name="seminar",
        usage="/seminar [propose TOPIC | topics | vote | results | programme | event | events | attendance]",
        summary="Propose and vote on locality seminar topics; see the programme; events and RSVPs.",
        examples=(
            "/seminar propose the child's view from non-verbal children — we find it hard",
            "/seminar vote",
            "/seminar programme",
            "/seminar event",
        ),
        subcommands=(
            Subcommand("propose", "/seminar propose TOPIC [— why]", "Suggest a topic for the locality seminars."),
            Subcommand("vote", "/seminar vote", "Open or join a vote on seminar topics."),
            Subcommand(
                "programme",
                "/seminar programme | swap A B | move A B | cancel N",
                "The locality's seminar programme (PLs reorder, swap or cancel).",
            ),
            Subcommand("attendance", "/seminar attendance", "Mark who came to your recent events (organisers)."),
        ),
    ),
    Command(
        name="map",
        usage="/map TITLE | worried TEXT | well TEXT | next TEXT | scale 0-10 | show | finish",
        summary="Case mapping for (group) supervision with an anonymised case: three columns and a safety scale.",
        examples=(
            "/map Family A — a drifting case",
            "/map worried nobody has seen the baby this month",
            "/map scale 4",
        ),
    ),
    Command(
        name="idea",
        usage="/idea what worked locally",
        summary="Send a good idea that worked locally to the county project manager.",
        examples=("/idea we start every team meeting with one appreciative inquiry",),
    ),
    Command(
        name="sofs",
        usage="/sofs [help | settings | learning | pathway | setup | pulse | partner | dashboard | forget-me]",
        summary="Help, your own settings, and binding a channel to a team or locality.",
        examples=("/sofs help", "/sofs settings", "/sofs setup team Dereham Family Support"),
        subcommands=(
            Subcommand("help", "/sofs help", "What the bot can do."),
            Subcommand("settings", "/sofs settings", "Your time zone, working hours, leave, snooze and language."),
            Subcommand(
                "learning",
                "/sofs learning [add KIND MINUTES [note]]",
                "Your own 70:20:10 learning record; log mentoring, shadowing, reading and more.",
            ),
            Subcommand("setup", "/sofs setup team|locality NAME", "Bind this channel to a team or locality."),
            Subcommand("pulse", "/sofs pulse", "The implementation pulse: how Signs of Safety is going, by team."),
            Subcommand("forget-me", "/sofs forget-me", "Remove yourself and what names you from the bot."),
            Subcommand("dashboard", "/sofs dashboard", "A private link to the practice dashboard (15 minutes)."),
            Subcommand(
                "partner",
                "/sofs partner [list | add NAME | briefed NAME [YYYY-MM-DD]]",
                "The locality's partners and which have been briefed.",
            ),
            Subcommand(
                "pathway",
                "/sofs pathway [shadowed | co-delivered | delivered [YYYY-MM-DD] [MINUTES]]",
                "The trainer pathway: record a step; the project manager or principal social worker confirms it.",
            ),
        ),
    ),
)

_BY_NAME = {c.name: c for c in CATALOGUE}


def find_command(name: str) -> Command | None:
    """The catalogue entry for a command name (with or without its slash), if any."""
    return _BY_NAME.get(name.strip().lstrip("/").lower())


def closest_command(word: str) -> Command:
    """The catalogue entry whose name is closest to ``word`` (``/sofs`` when nothing is close)."""
    names = [c.name for c in CATALOGUE]
    matches = difflib.get_close_matches(word.strip().lstrip("/").lower(), names, n=1, cutoff=0.5)
    return _BY_NAME[matches[0]] if matches else _BY_NAME["sofs"]


def command_names() -> list[str]:
    """Every command name in catalogue order."""
    return [c.name for c in CATALOGUE]


def catalogue_entry(name: str) -> Command:
    """The catalogue entry for a command the code relies on (a missing one is a programming error)."""
    found = find_command(name)
    if found is None:
        msg = f"command {name!r} is missing from the catalogue"
        raise LookupError(msg)
    return found
