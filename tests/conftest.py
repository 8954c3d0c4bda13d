"""Shared fixtures: frozen copies of the seed inputs (never the live data/), scratch copies, the seed extraction."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from helpers import dataset

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The seed inputs as they were when the tests were written: a user's new reports, catalog rows or decisions
# under data/raw/ never change what a test sees.
FIXTURE_DATA = FIXTURES / "data"
SYNTHETIC = FIXTURES / "synthetic"
# The manifest row of a made-up Shuangliao report (tests/fixtures/synthetic): marked synthetic, never real data.
SYNTHETIC_SHUANGLIAO = {
    "title": "合成",
    "organisation": "测试",
    "region_zh": "双辽市",
    "region_en": "Shuangliao",
    "synthetic": "true",
}

# The fuzz tests draw the same inputs on every run, so that `make test` (and CI) is never red on an input no earlier
# run met; `HYPOTHESIS_PROFILE=explore make quick` draws new ones (and a failure found so becomes a named test).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


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


# A kernel forked from a worker's zygote (helpers.zygote) has the zygote's command line and environment.
ZYGOTE = b"helpers.zygote"


def kernels_of(parents: set[int]) -> list[int]:
    """Live Jupyter kernels (and kernel zygotes) started by these processes (jupyter_client sets JPY_PARENT_PID): a
    count that other tests running at the same time (pytest-xdist) cannot disturb."""
    wanted = {f"JPY_PARENT_PID={p}".encode() for p in parents}
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes()
            if b"ipykernel_launcher" not in command and ZYGOTE not in command:
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


def built_once(tmp_path_factory, worker_id: str, name: str, build: Callable[[Path], Any]) -> tuple[Path, Any]:
    """`build(folder)` run once per test session, even across pytest-xdist workers (the first builds it under a
    lock, the others wait and read it): (the folder, what `build` returned, kept as JSON). Running the collection
    is the slowest thing the suite does; tests only read what was built."""
    from helpers.guards import exclusive

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder every xdist worker's own base folder lives in
    root = shared / name
    done = root.with_name(f"{name}.done.json")
    with exclusive(shared, f"building {name}", wait=900):
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            done.write_text(json.dumps(build(root), ensure_ascii=False), encoding="utf-8")
    return root, json.loads(done.read_text(encoding="utf-8"))


def statuses(summary) -> list[dict]:
    """One record per page of a run (notebook, parameters, status, failing cell, error), as JSON-able data."""
    return [
        {
            "notebook": r.notebook,
            "params": r.params,
            "lang": r.params.get("lang"),
            "status": r.status,
            "cell": r.cell,
            "error": r.error,
        }
        for r in summary.results
    ]


@pytest.fixture(scope="session")
def seed_pages(tmp_path_factory, worker_id: str) -> tuple[Path, list[dict]]:
    """The collection run once on the frozen seed in all three languages: (reports folder, one status per page)."""
    from helpers.runner import run

    def build(root: Path) -> list[dict]:
        shutil.copytree(FIXTURE_DATA / "raw", root / "data" / "raw")
        (root / "data" / "processed").mkdir()
        langs = ["zh-Hans", "zh-Hant", "en"]
        return statuses(run(data_dir=root / "data", out_dir=root / "reports", langs=langs, jobs=2, progress=False))

    root, pages = built_once(tmp_path_factory, worker_id, "seed-pages", build)
    # Every test that reads these pages would fail on missing text: say why once, here.
    assert all(s["status"] == "ok" for s in pages), [s for s in pages if s["status"] != "ok"]
    return root / "reports", pages
