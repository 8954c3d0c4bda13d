"""Project conventions, enforced by scanning the tree: layout, clean notebooks, no machine paths."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from helpers import paths
from helpers.collection import notebooks
from helpers.notebook_params import declared_parameters

ROOT = paths.PROJ_ROOT
NOTEBOOKS = notebooks()


def test_required_layout_exists():
    for rel in (
        "notebooks",
        "data/raw",
        "data/processed",
        "src/helpers/__init__.py",
        "environment.yml",
        "README.md",
        "pyproject.toml",
        "Makefile",
        ".ci/run",
        "tests",
        "benchmarks",
    ):
        assert (ROOT / rel).exists(), rel


def test_there_are_numbered_notebooks():
    assert [p.stem for p in NOTEBOOKS] == ["10-clean-indicators", "20-overview", "30-year-on-year"]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean_with_one_parameters_cell(nb):
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code), "committed with outputs"
    tagged = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, "needs exactly one cell tagged 'parameters'"
    declared = declared_parameters(nb)  # typed literals only, or this raises
    assert {"lang", "data_dir"} <= set(declared)
    for line in "".join(tagged[0]["source"]).splitlines():
        assert "#" in line, f"parameter without a comment: {line}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_markdown_cell_is_written_for_one_language(nb):
    """A page shows only its reader's language: each markdown cell is `lang-zh`, `lang-en` or `lab-only`, and the
    Chinese and English cells come in pairs, in the same order."""
    cells = [c for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]
    tags = [{"lang-zh", "lang-en", "lab-only"} & set(c["metadata"].get("tags", [])) for c in cells]
    assert all(len(t) == 1 for t in tags), [("".join(c["source"])[:40], t) for c, t in zip(cells, tags, strict=True)]
    langs = [t.pop() for t in tags if t != {"lab-only"}]
    assert langs == ["lang-zh", "lang-en"] * (len(langs) // 2)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_hold_no_logic(nb):
    """Notebooks narrate, helpers compute: no function or class definitions, no file I/O in notebooks."""
    src = "\n".join(
        "".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"
    )
    assert not re.search(r"^\s*(def|class) ", src, re.M)
    assert not re.search(r"open\(|read_csv|to_csv|\.\./", src)


def test_no_path_relative_to_the_working_directory_or_a_machine():
    banned = re.compile(r"\.\./data|/home/|/Users/|/work/main|C:\\\\")
    files = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("notebooks").glob("*.ipynb")]
    offenders = [str(f.relative_to(ROOT)) for f in files if banned.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_ruff_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "notebooks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_make_help_is_the_default_goal():
    proc = subprocess.run(["make", "-s"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "make report" in proc.stdout and "make test" in proc.stdout


def test_ci_runs_make_test_only():
    commands = [
        line
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1].strip() == "make test"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make report" in readme


LIVE_DATA_RE = re.compile(
    r"paths\.DATA_DIR|paths\.raw_dir\(\)|paths\.\w+_path\(\)|paths\.(?:report_text|corrections)_path\([^)]*\d{4}\)"
)


def test_tests_read_the_frozen_fixtures_not_the_live_data():
    """A user's new reports, catalog rows or decisions must never turn a test red: only rule checks read data/."""
    offenders = []
    for path in sorted((paths.PROJ_ROOT / "tests").glob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if LIVE_DATA_RE.search(line) and "live data: rules only" not in line and path.name != "test_layout.py":
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    assert not offenders, "tests reading the live data/ (use conftest.FIXTURE_DATA):\n" + "\n".join(offenders)
