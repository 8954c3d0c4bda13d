"""Run the notebook collection with papermill for every (region, year), incrementally and in parallel."""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from . import atomic, paths
from .collection import (
    built_languages,
    check_report_parameters,
    languages_to_build,
    plan,
    select_notebooks,
    select_reports,
    stale_pages,
    waits_for,
    with_fingerprint,
)
from .errors import InputError
from .guards import exclusive, refuse_reports_folder
from .inputs import Inputs
from .jobs import Job, Result, Summary, code_digest, html_path, state_path, up_to_date
from .kernel_files import remove_kernel_files
from .notebook_params import LANGS
from .sources import Report, load_manifest


def run(
    data_dir: Path = paths.DATA_DIR,
    out_dir: Path = paths.REPORTS_DIR,
    regions: list[str] | None = None,
    years: list[int] | None = None,
    notebook_names: list[str] | None = None,
    langs: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = True,
    nb_dir: Path = paths.NOTEBOOKS_DIR,
    extra: dict[str, str] | None = None,
    timeout: int = 1800,
    scheduler: str = "",
) -> Summary:
    """Run the collection; return what ran, what was skipped and what failed, then rewrite the index."""
    # The output folder is checked before anything looks inside it (`--out /` must not be walked for pages).
    data_dir, out_dir = paths.resolve_data_dir(data_dir, "--data-dir"), Path(out_dir).resolve()
    refuse_reports_folder(out_dir, data_dir, (Path(nb_dir), Path(__file__).resolve().parent))
    built = built_languages(out_dir)  # every page's run record is read once
    langs = languages_to_build(langs, out_dir, built)
    for lang in langs:
        if lang not in LANGS:
            raise InputError("--lang", f"{lang!r} is not one of {', '.join(LANGS)}")
    if jobs is not None and jobs < 1:
        raise InputError("--jobs", f"{jobs} must be at least 1")
    if timeout < 1:
        raise InputError("--timeout", f"{timeout} must be at least 1 second")
    workers = jobs or os.cpu_count() or 1
    every = load_manifest(data_dir)
    reports = select_reports(every, regions, years)
    check_report_parameters(extra or {}, reports, every, data_dir)
    having = set(langs) | built
    linked = tuple(lang for lang in LANGS if lang in having)
    nbs = select_notebooks(notebook_names, nb_dir)
    first, second = plan(data_dir, out_dir, reports, nbs, langs, extra, linked, every)
    _writable(out_dir)
    # One run at a time per reports folder and per folder a notebook declares it writes: a second run is refused,
    # not interleaved.
    with ExitStack() as locks:
        locks.enter_context(exclusive(out_dir, "another `indicators run` into this reports folder"))
        for folder in _written(first):
            locks.enter_context(exclusive(folder, f"another run writing this data folder's {folder.name}/"))
        return _run_locked(
            data_dir, out_dir, nb_dir, first, second, workers, force, progress, linked, timeout, scheduler, every
        )


def _written(jobs: list[Job]) -> list[Path]:
    """The folders these (batch) jobs declare they write."""
    return sorted({Path(j.outputs_dir) for j in jobs if j.outputs_dir})


class Progress:
    """One progress bar for the batch, shown only once a notebook actually runs: a run with nothing to do
    does not even import tqdm."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done, self.bar = total, enabled, 0, None

    def start(self) -> None:
        """Show the bar (with what was already skipped)."""
        if self.enabled and self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, initial=self.done, desc="notebooks", unit="nb", file=sys.stderr)

    def update(self, n: int) -> None:
        """Count `n` more notebooks done or skipped."""
        self.done += n
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        """Close the bar if it was shown."""
        if self.bar is not None:
            self.bar.close()


def _writable(out_dir: Path) -> None:
    """Refuse, before any kernel starts, a reports folder that cannot be written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError("--out", f"{out_dir} cannot be created ({exc.strerror})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InputError("--out", f"{out_dir} is not writable")


def _run_locked(
    data_dir: Path,
    out_dir: Path,
    nb_dir: Path,
    first: list[Job],
    second: list[Job],
    workers: int,
    force: bool,
    progress: bool,
    linked: tuple[str, ...],
    timeout: int,
    scheduler: str = "",
    every: list[Report] | None = None,
) -> Summary:
    """The run itself, once the folders are locked: the notebooks that write data first, then the others (every
    page, and any summary reading what was written), each as soon as what it reads has been written."""
    first = [replace(j, timeout=timeout) for j in first]
    second = [replace(j, timeout=timeout) for j in second]
    code = code_digest()
    preload = _preload(first + second)  # what the run's kernels import while they boot
    summary = Summary()
    bar = Progress(len(first) + len(second), progress)
    log = out_dir / ".kernels.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    atomic.remove_leftovers(out_dir, *_written(first))
    pool, executed, now = None, None, None
    try:
        before = Inputs(data_dir, include_processed=False)  # raw/ is read once per run: no notebook writes it
        todo = _fingerprinted(first, code, before, force, summary, bar)
        size = max(1, min(workers, max(len(first), len(second))))
        now = before.with_processed()
        # Which of the others are stale, as the data is now; read once more below only if a writer runs.
        stale = {id(j): force or not up_to_date(with_fingerprint(j, code, now)) for j in second}
        if todo or any(stale.values()):
            pool, executed = _w().new_pool(size, log, scheduler, preload)
            bar.start()
        # Each worker boots one kernel when it starts; later jobs need a kernel booted by an earlier one.
        spares = 0 if scheduler else max(0, len(todo) + len(second) - size)  # Dask jobs boot their own kernel
        futures = _w().submit(pool, todo, spares) if todo else {}
        # The others need only the data the writing notebooks write while executing, so they start as soon as
        # those have executed, while the writing notebooks are still being exported.
        statuses = _w().await_executions(executed, futures) if todo else {}
        failed = {name for job in todo if statuses.get(job.stem) != "ok" for name in job.writes}
        runnable = []
        for job in second:
            if waits_for(job) & failed:
                names = ", ".join(sorted(j.notebook for j in todo if set(j.writes) & waits_for(job)))
                summary.results.append(Result(job.notebook, job.params, "blocked", error=f"not run: {names} failed"))
                bar.update(1)
            else:
                runnable.append(job)
        if todo:  # the writers have written: what the others read has changed
            now = before.with_processed()
            todo2 = _fingerprinted(runnable, code, now, force, summary, bar)
        else:
            todo2 = _fingerprinted(runnable, code, now, force, summary, bar, stale)
        if todo2 and pool is None:
            pool, executed = _w().new_pool(size, log, scheduler, preload)
            bar.start()
        if todo2:
            futures |= _w().submit(pool, _longest_first(todo2), max(0, spares - len(todo)))

        def done(result: Result) -> None:
            summary.results.append(result)
            bar.update(1)

        died = _w().collect(futures, done) if futures else []  # a Dask cluster's list stays empty
        if died:  # one worker killed (the OOM killer) breaks the whole pool: run its jobs again, not fail them all
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
            for result in _w().run_again(died, min(size, len(died)), log):
                done(result)
    except KeyboardInterrupt:
        if pool is not None:
            _w().kill(pool)
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown()
        remove_kernel_files(os.getpid())
        bar.close()
    from .index import write_index

    try:
        # `now` was read after the writers executed: what every page reads is as it is now
        write_index(out_dir, stale_pages(out_dir, nb_dir, code, data_dir, linked, every or [], now))
    except OSError as exc:  # a full disk: the pages' own outcomes are still reported, with this one
        summary.results.append(Result("index.html", {}, "failed", error=f"{exc.filename}: {exc.strerror}"))
    return summary


def _w() -> ModuleType:
    """The pool's module (multiprocessing, papermill's runner), imported once something has to run."""
    from . import workers

    return workers


def _fingerprinted(
    jobs: list[Job],
    code: str,
    inputs: Inputs,
    force: bool,
    summary: Summary,
    bar: Any,
    stale: dict[int, bool] | None = None,
) -> list[Job]:
    """The jobs to run, with their fingerprints; the others are reported skipped. `stale`: whether each job (by
    `id`) is stale, when that was already found on the same inputs."""
    todo = []
    for original in jobs:
        job = with_fingerprint(original, code, inputs)
        fresh = not stale[id(original)] if stale is not None else not force and up_to_date(job)
        if fresh:
            summary.results.append(
                Result(
                    job.notebook,
                    job.params,
                    "skipped",
                    html=str(html_path(job)),
                    error="unchanged since its last successful run",
                )
            )
            bar.update(1)
        else:
            todo.append(job)
    return todo


def _preload(jobs: list[Job]) -> tuple[str, ...]:
    """What the run's kernels import while they boot (every job carries the run's whole list)."""
    return jobs[0].preload if jobs else ()


def _longest_first(jobs: list[Job]) -> list[Job]:
    """Order jobs by how long they took last time, longest first, so that the batch ends sooner."""

    def last_seconds(job: Job) -> float:
        try:
            return float(json.loads(state_path(job).read_text(encoding="utf-8")).get("seconds", 0.0))
        except (OSError, ValueError):
            return 0.0

    return sorted(jobs, key=last_seconds, reverse=True)
