"""The command catalogue."""

from __future__ import annotations

import pytest

from bot.commands import CATALOGUE, closest_command, command_names, find_command


def test_catalogue_has_the_contracted_commands() -> None:
    assert command_names() == ["celebrate", "goodpractice", "agenda", "seminar", "map", "idea", "sofs"]
    sofs = find_command("/sofs")
    assert sofs is not None
    assert {s.name for s in sofs.subcommands} >= {"help", "settings", "setup"}


def test_every_command_has_usage_help_and_an_example() -> None:
    for command in CATALOGUE:
        assert command.usage.startswith(command.slash)
        assert command.summary
        assert command.examples
        assert all(example.startswith(command.slash) for example in command.examples)


@pytest.mark.parametrize(
    ("typed", "expected"), [("celbrate", "celebrate"), ("/ideas", "idea"), ("agendas", "agenda"), ("xyz", "sofs")]
)
def test_closest_command(typed: str, expected: str) -> None:
    assert closest_command(typed).name == expected
