"""The ``socialpub`` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import typer

from socialpub.cli import (
    admin_cmds,
    compose_cmds,
    ops_cmds,
    platform_cmds,
    review_cmds,
    run_cmds,
    schedule_cmds,
    user_cmds,
)

app = typer.Typer(
    name="socialpub",
    help="Turn articles into social-media posts and publish each exactly once, on schedule.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


def main() -> None:
    app()
