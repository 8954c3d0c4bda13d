"""The benchmarks' results file: a benchmark rewrites its own section and keeps everything else."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from results_file import write_section


def test_a_benchmark_rewrites_its_own_section_and_keeps_the_notes_by_hand(tmp_path):
    path = tmp_path / "results.md"
    path.write_text("# Benchmarks\n\n## Session 1: notes by hand\n\nsome numbers\n", encoding="utf-8")
    write_section("bench_large", "## Large reports\n\n| a |\n", path)
    write_section("bench_run", "## Batch run\n\nfirst\n", path)
    write_section("bench_run", "## Batch run\n\nsecond\n", path)  # run again: replaced, not appended
    text = path.read_text(encoding="utf-8")
    assert text.count("## Batch run") == 1 and "second" in text and "first" not in text
    assert text.count("## Large reports") == 1 and text.endswith("## Session 1: notes by hand\n\nsome numbers\n")
    assert text.startswith("# Benchmarks\n\n<!-- bench_run: start -->")  # a new section comes first


def test_a_missing_results_file_is_created(tmp_path):
    path = write_section("bench_run", "## Batch run\n", tmp_path / "results.md")
    assert path.read_text(encoding="utf-8").startswith("# Benchmarks\n\n<!-- bench_run: start -->\n## Batch run\n")
