"""The ``socialpub`` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import sys

import typer

# Commands people run interactively and expect at once (``preview`` while writing a post) need
# none of the database, queue or web machinery the other areas import; for them the command
# line is built from their own module only, which halves start-up time.
_LIGHT_COMMANDS = frozenset({"preview", "hashtags", "summarize"})


def _app(light: bool = False) -> typer.Typer:
    from socialpub.cli import compose_cmds

    app = typer.Typer(
        name="socialpub",
        help="Turn articles into social-media posts and publish each exactly once, on schedule.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    if light:
        compose_cmds.register(app)
        return app
    from socialpub.cli import (
        admin_cmds,
        ops_cmds,
        platform_cmds,
        review_cmds,
        run_cmds,
        schedule_cmds,
        user_cmds,
    )

    for module in (
        review_cmds,
        schedule_cmds,
        compose_cmds,
        platform_cmds,
        run_cmds,
        ops_cmds,
        admin_cmds,
        user_cmds,
    ):
        module.register(app)
    return app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole command line, for tests and tools that import it
        return _app()
    raise AttributeError(name)


def main() -> None:
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    _app(light=command in _LIGHT_COMMANDS)()
