"""Engine commands that live outside cli.py. Each module defines ``register(app)``, which adds its
commands to the root Typer app; heavy imports stay inside the command functions."""

from __future__ import annotations

import typer


def register_all(app: typer.Typer) -> None:
    from k8slint.commands import netpol, rbac, schedule

    for module in (schedule, rbac, netpol):
        module.register(app)
