"""Shared fixtures: the bundled real report (corpora/reports) and its checked answers
(tests/fixtures/gold, copied from the project's gold files)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT_MD = ROOT / "corpora" / "reports" / "zezhou-2025.md"
REPORT_PDF = ROOT / "corpora" / "reports" / "zezhou-2025.pdf"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def gold():
    return json.loads((FIXTURES / "gold" / "zezhou-2025.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gold_rendered():
    return json.loads((FIXTURES / "gold" / "zezhou-2025-rendered.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_md():
    from pipeline.extract_document import extract_file

    return extract_file(REPORT_MD)


@pytest.fixture(scope="session")
def seed_pdf():
    from pipeline.extract_document import extract_file

    return extract_file(REPORT_PDF)
