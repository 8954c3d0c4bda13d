"""Shared fixtures: the repository's data, a scratch copy of it, and the seed report's extraction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import dataset, paths

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def reference() -> dataset.Reference:
    """The real catalog and sections."""
    return dataset.load_reference(paths.DATA_DIR)


@pytest.fixture(scope="session")
def seed(reference: dataset.Reference) -> dataset.Extraction:
    """The seed report (Shuangliao 2023), cleaned and extracted with its corrections file."""
    from helpers.sources import find_report, load_manifest

    report = find_report(load_manifest(paths.DATA_DIR), "shuangliao", 2023)
    return dataset.extract_report(report, reference, paths.DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/raw (never the real folder) with an empty processed/."""
    target = tmp_path / "data"
    shutil.copytree(paths.raw_dir(), target / "raw")
    (target / "processed").mkdir()
    return target
