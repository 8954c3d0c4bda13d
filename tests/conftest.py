"""Shared fixtures: frozen copies of the seed inputs (never the live data/), scratch copies, the seed extraction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import dataset

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The seed inputs as they were when the tests were written: a user's new reports, catalog rows or decisions
# under data/raw/ never change what a test sees.
FIXTURE_DATA = FIXTURES / "data"
SYNTHETIC = FIXTURES / "synthetic"


@pytest.fixture(scope="session")
def reference() -> dataset.Reference:
    """The frozen catalog, sections and slogans."""
    return dataset.load_reference(FIXTURE_DATA)


@pytest.fixture(scope="session")
def seed(reference: dataset.Reference) -> dataset.Extraction:
    """The seed report (Shuangliao 2023), cleaned and extracted with its corrections file."""
    from helpers.sources import find_report, load_manifest

    report = find_report(load_manifest(FIXTURE_DATA), "shuangliao", 2023)
    return dataset.extract_report(report, reference, FIXTURE_DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the frozen inputs (never the real folder) with an empty processed/."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA / "raw", target / "raw")
    (target / "processed").mkdir()
    return target


@pytest.fixture(scope="session")
def seed_linked(seed: dataset.Extraction, reference: dataset.Reference):
    """The seed's rows after linking (series and the stated 2021 baseline), as the build writes them, and links."""
    return dataset.link_all(seed.rows, list(seed.contexts), [], reference)
