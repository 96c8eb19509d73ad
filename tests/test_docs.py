"""Docs are tested: every CLI command and every registered loader is named in the README."""
from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from pipeline import loaders
from pipeline.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands():
    click_app = typer.main.get_command(app)
    out = []
    for name, cmd in click_app.commands.items():
        subs = getattr(cmd, "commands", None)
        out.extend(f"banli {name} {s}" for s in subs) if subs else out.append(f"banli {name}")
    return sorted(out)


@pytest.mark.parametrize("command", _commands())
def test_docs_every_command_in_readme(command):
    assert f"`{command}" in README


def test_docs_loader_registry_snapshot():
    assert sorted(loaders.REGISTRY) == ["docx", "html", "pdf", "text"]
    for name in loaders.REGISTRY:
        assert f"`{name}`" in README
