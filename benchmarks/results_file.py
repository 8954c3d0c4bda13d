"""benchmarks/results.md: each benchmark rewrites its own section (between its markers), nothing else."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from helpers import atomic

RESULTS = Path(__file__).resolve().parent / "results.md"
TITLE = "# Benchmarks"


def write_section(name: str, text: str, path: Path = RESULTS) -> Path:
    """Put `text` between `name`'s markers in `path`, replacing what was there (or first, after the title, when
    the section is new); every other section and the notes by hand are kept. Written whole or not at all."""
    start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
    block = f"{start}\n{text.strip()}\n{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else f"{TITLE}\n"
    if start in old and end in old.split(start, 1)[1]:
        before, rest = old.split(start, 1)
        new = before + block + rest.split(end, 1)[1]
    else:
        title, _, body = old.partition("\n")
        new = f"{title}\n\n{block}\n{body}" if title.startswith("# ") else f"{TITLE}\n\n{block}\n\n{old}"
    atomic.write_text(path, new)
    return path


def stamp() -> str:
    """When and on which commit a benchmark ran (a results table means nothing without both)."""
    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown (not a git checkout)"
    return f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on commit {commit}."
