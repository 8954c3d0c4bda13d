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


def children(pid: int) -> set[int]:
    """Every live descendant of process `pid` (Linux /proc)."""
    parent_of = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parent_of[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parent_of.items() if pp in frontier} - found
        found |= frontier
    return found


def kernels_of(parents: set[int]) -> list[int]:
    """Live Jupyter kernels started by these processes (jupyter_client sets JPY_PARENT_PID): a count that other
    tests running at the same time (pytest-xdist) cannot disturb."""
    wanted = {f"JPY_PARENT_PID={p}".encode() for p in parents}
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if b"ipykernel_launcher" not in (proc / "cmdline").read_bytes():
                continue
            if "\tZ" in (proc / "status").read_text().split("State:")[1].split("\n")[0]:
                continue  # a zombie: it has exited
            if wanted & set((proc / "environ").read_bytes().split(b"\0")):
                found.append(int(proc.name))
        except (OSError, IndexError):
            continue
    return found


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
