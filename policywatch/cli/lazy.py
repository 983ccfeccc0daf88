"""A click group whose commands from other modules are imported only when they are needed.

A command module pulls in what its commands use (the store, the crawler, the scheduler); a
process running one command imports only that command's module. `--help` and shell completion
list every command, and so import every module, as an eager group would.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click


class LazyGroup(click.Group):
    """A click.Group with `lazy_commands`: command name -> "module:attribute" of the command."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self._load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def _load(self, cmd_name: str) -> click.Command:
        module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
        command = getattr(import_module(module_name), attribute)
        if not isinstance(command, click.Command):  # a wrong table entry: say so, not an AttributeError later
            raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
        return command
