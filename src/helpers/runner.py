"""Run the notebook collection with papermill for every (region, year), incrementally and in parallel."""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import queue
import sys
import tempfile
import threading
import uuid
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import atomic, paths
from .errors import InputError
from .guards import exclusive, refuse_reports_folder
from .inputs import Inputs, digest_files
from .notebook_params import LANGS, coerce, declared_parameters
from .sources import Report, find_report, load_manifest

HELPERS_DIR = Path(__file__).resolve().parent
IOPUB_TIMEOUT = 120  # seconds a cell's output may trail its reply on a loaded machine
KERNEL_START_TIMEOUT = 300  # seconds a kernel may take to boot and warm up on a loaded machine


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, with which parameters, written where."""

    notebook: str
    nb_path: str
    params: dict[str, Any]
    out_dir: str
    lang: str
    fingerprint: str = ""
    outputs_dir: str = ""  # for collection notebooks: the folder they write, checked before a skip
    spare: bool = True  # boot a kernel for a later job as soon as this one has executed
    cache_dir: str = ""  # where font subsets are cached between runs
    langs: tuple[str, ...] = ()  # languages that have pages: the page links to itself in each
    years: tuple[int, ...] = ()  # earlier years of its region that have this page: it links to each
    timeout: int = 1800  # seconds one cell may run before the notebook is stopped as failed
    log: str = ""  # where a kernel started for this job alone (on a Dask worker) writes its own chatter

    @property
    def stem(self) -> str:
        """File name stem of this run's outputs."""
        return f"{Path(self.nb_path).stem}.{self.lang}"


@dataclass
class Result:
    """What happened to one job."""

    notebook: str
    params: dict[str, Any]
    status: str  # ok, failed, skipped, blocked
    html: str = ""
    cell: int | None = None
    error: str = ""
    built: str = ""
    seconds: float = 0.0
    title: str = ""  # the page's heading, in its language (shown by the index)


@dataclass
class Summary:
    """The outcome of a batch run."""

    results: list[Result] = field(default_factory=list)

    @property
    def failed(self) -> list[Result]:
        """Jobs that failed or could not run."""
        return [r for r in self.results if r.status in ("failed", "blocked")]


def notebooks(nb_dir: Path = paths.NOTEBOOKS_DIR) -> list[Path]:
    """The collection: numbered notebooks in run order (a missing or empty folder is an error, not a quiet no-op)."""
    if not Path(nb_dir).is_dir():
        raise InputError("--notebooks", f"{nb_dir} is not a folder")
    found = sorted(p for p in Path(nb_dir).glob("[0-9][0-9]-*.ipynb"))
    if not found:
        raise InputError("--notebooks", f"{nb_dir} holds no numbered notebooks (NN-name.ipynb)")
    return found


def is_per_report(nb_path: Path) -> bool:
    """A notebook that declares `region` and `year` runs once per report; others once per batch."""
    return _per_report(declared_parameters(nb_path))


def _per_report(declared: dict[str, Any]) -> bool:
    return "region" in declared and "year" in declared


def code_digest() -> str:
    """Digest of the helper package (code and templates): a change to it reruns everything."""
    files = [p for p in HELPERS_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json")]
    return digest_files(files, HELPERS_DIR)


def fingerprint(job: Job, code: str, data: str) -> str:
    """Everything a run's output depends on, as one digest."""
    h = hashlib.sha256()
    for part in (
        Path(job.nb_path).read_bytes(),
        json.dumps(job.params, sort_keys=True).encode(),
        code.encode(),
        data.encode(),
        job.lang.encode(),
        ",".join(job.langs).encode(),
        ",".join(map(str, job.years)).encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def state_path(job: Job) -> Path:
    """Sidecar recording the fingerprint, status and date of a job's last run."""
    return Path(job.out_dir) / f".{job.stem}.state.json"


def html_path(job: Job) -> Path:
    """The job's HTML export."""
    return Path(job.out_dir) / f"{job.stem}.html"


def up_to_date(job: Job) -> bool:
    """True when the last run of this job succeeded with exactly these inputs."""
    try:
        state = json.loads(state_path(job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if job.outputs_dir and state.get("outputs") != outputs_digest(Path(job.outputs_dir)):
        return False  # what it wrote was deleted or edited since: run it again
    return state.get("status") == "ok" and state.get("fingerprint") == job.fingerprint and html_path(job).exists()


def outputs_digest(folder: Path) -> str:
    """Digest of everything a collection notebook wrote (empty when the folder has nothing)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")] if folder.exists() else []
    return digest_files(files, folder) if files else ""


def plan(
    data_dir: Path,
    out_dir: Path,
    reports: list[Report],
    nb_paths: list[Path],
    langs: list[str],
    extra: dict[str, str] | None = None,
    linked: tuple[str, ...] = (),
    every: list[Report] | None = None,
) -> tuple[list[Job], list[Job]]:
    """Collection-level jobs (run first) and per-report jobs, parameters checked and coerced. A per-report page
    links to the earlier years of `every` report (default: `reports`) whose page exists or is built now.

    `extra` holds user parameters (`--param NAME=VALUE`): each goes to the notebooks that declare it, and a
    name that no selected notebook declares is refused (papermill itself would only warn).
    """
    extra = extra or {}
    declared_by = {nb: declared_parameters(nb) for nb in nb_paths}
    reserved = {"region", "year", "lang", "data_dir"}
    for name in extra:
        if name in reserved:
            raise InputError(f"parameter {name!r}", f"is set by the runner; use --{name.replace('_', '-')} instead")
        if not any(name in d for d in declared_by.values()):
            known = sorted({n for d in declared_by.values() for n in d} - reserved)
            raise InputError(
                f"parameter {name!r}", f"is not declared by any selected notebook; they declare: {', '.join(known)}"
            )
    first, second = [], []
    for nb in nb_paths:
        declared = declared_by[nb]
        per_report = _per_report(declared)
        for lang in langs:
            given: dict[str, Any] = {"lang": lang, "data_dir": str(Path(data_dir).resolve())}
            given |= {k: v for k, v in extra.items() if k in declared}
            targets = reports if per_report else [None]
            for r in targets:
                params = dict(given)
                if r is not None:
                    params.update(region=r.region, year=r.year)
                params = coerce(nb, declared, {k: v for k, v in params.items() if k in declared})
                sub = Path(out_dir) / (paths.page_folder(r.region, r.year) if r is not None else paths.page_folder())
                outputs = "" if per_report else str(paths.processed_dir(Path(data_dir)).resolve())
                cache = str((Path(out_dir) / ".cache" / "fonts").resolve())
                job = Job(
                    nb.stem,
                    str(nb),
                    params,
                    str(sub.resolve()),
                    lang,
                    outputs_dir=outputs,
                    cache_dir=cache,
                    langs=linked or tuple(langs),
                    log=str((Path(out_dir) / ".kernels.log").resolve()),
                )
                (second if per_report else first).append(job)
    planned = {html_path(j) for j in second}
    second = [Job(**{**asdict(j), "years": linked_years(out_dir, every or reports, j, planned)}) for j in second]
    return first, second


def linked_years(out_dir: Path, every: list[Report], job: Job, planned: set[Path] | None = None) -> tuple[int, ...]:
    """Earlier report years of the job's region whose page of the same notebook and language exists in `out_dir`
    or is `planned` by this run: the page links to those only (a `--year` run on a fresh folder has no others)."""
    region, year = job.params.get("region"), job.params.get("year")
    found = []
    for y in sorted({r.year for r in every if r.region == region and r.year < year}):
        page = Path(out_dir).resolve() / paths.page_folder(region, y) / paths.page_file(job.notebook, job.lang)
        if page in (planned or set()) or page.exists():
            found.append(y)
    return tuple(found)


def execute(job: Job) -> Result:
    """Run one notebook with papermill and export it; a failing notebook still gets its HTML."""
    import time

    import nbformat
    import papermill as pm

    from .export import normalize, page_title, to_html

    started = time.perf_counter()
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f"{atomic.temp_prefix(job.stem)}0.running.ipynb"
    result = Result(job.notebook, job.params, "ok")
    km = _WORKER.pop("km", None) or _launch_kernel(job.log)
    try:
        pm.execute_notebook(
            job.nb_path,
            str(tmp),
            parameters=job.params,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            km=km,
            execution_timeout=job.timeout,
            # A busy machine can deliver a cell's output after its reply; nbclient's default (4 s) then drops
            # it without a word and the page is silently missing a table. Wait longer, and fail if it never comes.
            iopub_timeout=IOPUB_TIMEOUT,
            raise_on_iopub_timeout=True,
            # A kernel answers only once its warm-up imports are done; on a machine busy with other kernels that
            # took over papermill's 60 s and failed a page that would have run.
            start_timeout=KERNEL_START_TIMEOUT,
        )
    except pm.PapermillExecutionError as exc:
        result.status, result.cell, result.error = "failed", exc.exec_count, f"{exc.ename}: {exc.evalue}".strip()
    except Exception as exc:  # the kernel died or the notebook could not start: still report it
        result.status, result.error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        if job.outputs_dir and "executed" in _WORKER:
            _WORKER["executed"].put((job.stem, result.status))  # the data is written: later jobs may start
        if job.spare:
            _WORKER["km"] = _launch_kernel()  # the next job's kernel boots while this one is exported
        _stop_kernel(km)
    try:
        nb = nbformat.read(tmp, as_version=4) if tmp.exists() else None
    except Exception as exc:  # half-written (a full disk): the page says why, and the next run starts afresh
        nb, result.status, result.error = None, "failed", f"{tmp.name} is incomplete: {type(exc).__name__}"
    tmp.unlink(missing_ok=True)
    if nb is None:
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell(f"**This notebook did not run:** {result.error}")]
        )
    title = f"{job.notebook} · " + " · ".join(str(job.params[k]) for k in ("region", "year") if k in job.params)
    atomic.write_text(out / f"{job.stem}.ipynb", nbformat.writes(normalize(nb)) + "\n")
    result.title = page_title(nb)
    try:
        cache = Path(job.cache_dir) if job.cache_dir else None
        years = job.years if "region" in job.params else None
        page = to_html(nb, title.strip(" ·"), job.lang, cache_dir=cache, langs=job.langs or (job.lang,), years=years)
    except Exception as exc:  # an export that fails must not take the batch down with it
        result.status, result.error = "failed", f"HTML export failed: {type(exc).__name__}: {exc}"
        page = f"<!DOCTYPE html><html><body><p>{html.escape(result.error)}</p></body></html>\n"
    atomic.write_text(html_path(job), page)
    result.html = str(html_path(job))
    result.seconds = time.perf_counter() - started
    result.built = datetime.now(UTC).date().isoformat()
    state = {"fingerprint": job.fingerprint if result.status == "ok" else "", **asdict(result)}
    if job.outputs_dir:
        state["outputs"] = outputs_digest(Path(job.outputs_dir))
    atomic.write_text(state_path(job), json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True))
    return result


# Imported (into a throwaway namespace) while a kernel boots, so a notebook's own imports are instant.
# Nothing is bound in the notebook's namespace and execution counts are untouched: results are the same.
WARM_UP = "exec('import pandas, matplotlib.pyplot, seaborn, helpers.dataset, helpers.plots, helpers.present', {})"
PRINT_CAP = 10_000_000  # characters a notebook may print (its tables and charts are not printed text)
CAP_PRINTING = f"exec('import helpers.printcap; helpers.printcap.cap_printing({PRINT_CAP})', {{}})"
_WORKER: dict[str, Any] = {}


def _launch_kernel(log: str = "") -> Any:
    """Start a kernel now (it boots and warms up in the background); papermill connects to it later. Its stderr
    goes to `log` when given (a pool worker's stderr already goes there)."""
    import asyncio

    from jupyter_client.manager import AsyncKernelManager

    # Unix sockets under a name of its own, not TCP ports: jupyter_client picks a free port and releases it before
    # the kernel binds it, and with several kernels booting at once another took it ("Address already in use",
    # then "Kernel died before replying to kernel_info"). On Linux in the abstract namespace (@…), which leaves
    # no file behind even when the kernel is killed; elsewhere a short temporary path (a socket path's limit).
    name = f"gik-{uuid.uuid4().hex[:16]}"
    sockets = f"@{name}" if sys.platform == "linux" else os.path.join(tempfile.gettempdir(), name)
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=sockets)
    extra: dict[str, Any] = {"extra_arguments": [f"--IPKernelApp.exec_lines={[WARM_UP, CAP_PRINTING]!r}"]}
    if "die" in _WORKER and threading.current_thread() is threading.main_thread():
        # A booting kernel polls for its parent only once its warm-up imports are done (seconds on a loaded
        # machine); killed with its worker instead, it never outlives the run. Only from the main thread: the
        # kernel dies with the thread that started it.
        extra["preexec_fn"] = _WORKER["die"]
    if not log:
        asyncio.run(km.start_kernel(**extra))
        return km
    with open(log, "ab") as err:
        asyncio.run(km.start_kernel(**extra, stderr=err))
    return km


def _stop_kernel(km: Any) -> None:
    import asyncio

    with contextlib.suppress(Exception):  # already gone: nothing to clean up
        asyncio.run(km.shutdown_kernel(now=True))


def _stop_spare() -> None:
    if "km" in _WORKER:
        _stop_kernel(_WORKER.pop("km"))


def _worker_init(log_path: str, executed: Any) -> None:
    """Per worker: quiet stderr, boot a kernel for the first job, and load papermill while it boots."""
    import multiprocessing.util

    _die_with_parent()
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)  # kernels inherit it: their start-up and shutdown chatter goes to the log
    os.close(fd)
    _WORKER["km"] = _launch_kernel()
    _WORKER["executed"] = executed
    multiprocessing.util.Finalize(None, _stop_spare, exitpriority=10)  # no kernel outlives its worker
    # While the kernel boots, load papermill; the exporter is built on first use, off the critical path
    # (later notebooks start as soon as the collection notebook has executed, before it is exported).
    _skip_slow_optional_imports()
    import papermill  # noqa: F401


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the runner dies (even by SIGKILL), and its notebook kernels
    when the worker dies. Elsewhere the pool's own shutdown and ipykernel's parent polling are all there is."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl  # resolved here: a forked child only calls it
    except (OSError, AttributeError):
        return

    def die() -> None:
        prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG

    die()
    _WORKER["die"] = die


def _skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing rfc3987_syntax, which compiles a grammar for a second at import.

    nbformat validates notebooks with jsonschema, which loads that optional package only to check IRI formats;
    notebook schemas use none, so the batch run does without it (only this process and its workers, not kernels).
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


class DaskPool:
    """A Dask cluster as an executor (`--scheduler ADDRESS`, or `local` for a LocalCluster on this machine).

    Each job boots its own kernel on whichever worker runs it and writes its outputs to the paths it names, so
    the workers must see the same folders (a shared file system) and have the same environment installed.
    """

    def __init__(self, scheduler: str, workers: int) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler == "local":
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
        try:
            self.client = Client(self.cluster or scheduler, timeout=10)
        except OSError as exc:
            raise InputError("--scheduler", f"cannot reach a Dask scheduler at {scheduler!r} ({exc})") from None
        self.executor = self.client.get_executor(pure=False)

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        """Send one job to the cluster."""
        return self.executor.submit(fn, *args)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Stop using the cluster (and stop the local one)."""
        self.executor.shutdown(wait=wait)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _new_pool(workers: int, log: Path, scheduler: str = "") -> tuple[Any, Any]:
    """A pool whose workers each boot a kernel first and warm up while it boots, and their report queue; or a Dask
    cluster (no queue: per-report notebooks then start once the collection notebooks have finished)."""
    if scheduler:
        return DaskPool(scheduler, workers), None
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    executed = context.Queue()
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(str(log), executed)
    )
    return pool, executed


def _submit(pool: ProcessPoolExecutor, jobs: list[Job], spares: int) -> dict[Future[Result], Job]:
    """Queue jobs; the first `spares` of them boot a kernel for a later job once they have executed."""
    return {pool.submit(execute, Job(**{**asdict(job), "spare": i < spares})): job for i, job in enumerate(jobs)}


def _result_of(fut: Future[Result], job: Job) -> Result:
    """The job's result, or a failure when its worker died (killed, out of memory) before returning one."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return fut.result()
    except BrokenProcessPool as exc:
        return Result(job.notebook, job.params, "failed", error=f"the worker process died: {exc}")
    except Exception as exc:  # raised while writing the page (a full disk): say what, not a traceback
        return Result(job.notebook, job.params, "failed", error=f"{type(exc).__name__}: {exc}")


def _await_executions(executed: Any, futures: dict[Future[Result], Job]) -> list[str]:
    """Wait until these collection notebooks have executed (not necessarily exported); return their statuses.
    Without a report queue (a Dask cluster) that is when they have finished."""
    if executed is None:
        return [_result_of(fut, job).status for fut, job in futures.items()]
    statuses: dict[str, str] = {}
    while len(statuses) < len(futures):
        try:
            stem, status = executed.get(timeout=0.1)
            statuses[stem] = status
        except queue.Empty:
            # A job that finished (or whose worker died) without a message yet: its result says how it went.
            for fut, job in futures.items():
                if fut.done() and job.stem not in statuses:
                    statuses[job.stem] = _result_of(fut, job).status
    return list(statuses.values())


def _longest_first(jobs: list[Job]) -> list[Job]:
    """Order jobs by how long they took last time, longest first, so that the batch ends sooner."""

    def last_seconds(job: Job) -> float:
        try:
            return float(json.loads(state_path(job).read_text(encoding="utf-8")).get("seconds", 0.0))
        except (OSError, ValueError):
            return 0.0

    return sorted(jobs, key=last_seconds, reverse=True)


def select_reports(reports: list[Report], regions: list[str] | None, years: list[int] | None) -> list[Report]:
    """The reports a run covers; an unknown region or year is refused with the list of what exists."""
    chosen = reports
    if regions:
        for region in regions:
            if region not in {r.region for r in reports}:
                find_report(reports, region, 0)
        chosen = [r for r in chosen if r.region in regions]
    if years:
        for year in years:
            if not any(r.year == year for r in chosen):
                available = ", ".join(sorted({str(r.year) for r in chosen}))
                raise InputError("year", f"no report for {year}; available years: {available}")
        chosen = [r for r in chosen if r.year in years]
    return chosen


def select_notebooks(names: list[str] | None, nb_dir: Path) -> list[Path]:
    """The notebooks a run covers, by file name or stem; collection-level ones always stay in (others need them)."""
    every = notebooks(nb_dir)
    if not names:
        return every
    by_name = {p.stem: p for p in every} | {p.name: p for p in every}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise InputError(
            "--notebook", f"unknown notebook {unknown[0]!r}; available: {', '.join(p.stem for p in every)}"
        )
    wanted = {by_name[n] for n in names}
    return [p for p in every if p in wanted or not is_per_report(p)]


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
    langs = languages_to_build(langs, Path(out_dir))
    for lang in langs:
        if lang not in LANGS:
            raise InputError("--lang", f"{lang!r} is not one of {', '.join(LANGS)}")
    if jobs is not None and jobs < 1:
        raise InputError("--jobs", f"{jobs} must be at least 1")
    if timeout < 1:
        raise InputError("--timeout", f"{timeout} must be at least 1 second")
    workers = jobs or os.cpu_count() or 1
    data_dir, out_dir = paths.resolve_data_dir(data_dir), Path(out_dir).resolve()
    every = load_manifest(data_dir)
    reports = select_reports(every, regions, years)
    check_report_parameters(extra or {}, reports, every, data_dir)
    linked = tuple(lang for lang in LANGS if lang in set(langs) | built_languages(out_dir))
    nbs = select_notebooks(notebook_names, nb_dir)
    first, second = plan(data_dir, out_dir, reports, nbs, langs, extra, linked, every)
    refuse_reports_folder(out_dir, data_dir)
    _writable(out_dir)
    # One run at a time per reports folder and per data folder: a second run is refused, not interleaved.
    with (
        exclusive(out_dir, "another `indicators run` into this reports folder"),
        exclusive(paths.processed_dir(data_dir), "another run writing this data folder's processed/"),
    ):
        return _run_locked(
            data_dir, out_dir, nb_dir, first, second, workers, force, progress, linked, timeout, scheduler, every
        )


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
    """The run itself, once the folders are locked: collection notebooks first, then the per-report ones."""
    first = [Job(**{**asdict(j), "timeout": timeout}) for j in first]
    second = [Job(**{**asdict(j), "timeout": timeout}) for j in second]
    code = code_digest()
    summary = Summary()
    bar = Progress(len(first) + len(second), progress)
    log = out_dir / ".kernels.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    atomic.remove_leftovers(out_dir, paths.processed_dir(data_dir))
    pool, executed = None, None
    try:
        todo = _fingerprinted(first, code, Inputs(data_dir, include_processed=False), force, summary, bar)
        size = max(1, min(workers, max(len(first), len(second))))
        now = Inputs(data_dir, include_processed=True)
        if todo or force or not all(up_to_date(_with_fingerprint(j, code, now)) for j in second):
            pool, executed = _new_pool(size, log, scheduler)
            bar.start()
        # Each worker boots one kernel when it starts; later jobs need a kernel booted by an earlier one.
        spares = 0 if scheduler else max(0, len(todo) + len(second) - size)  # Dask jobs boot their own kernel
        futures = _submit(pool, todo, spares) if todo else {}
        # Per-report notebooks need only the data the collection notebooks write while executing, so they
        # start as soon as those have executed, while the collection notebooks are still being exported.
        statuses = _await_executions(executed, futures) if todo else []
        if any(st != "ok" for st in statuses):
            for job in second:
                summary.results.append(
                    Result(job.notebook, job.params, "blocked", error="not run: a collection notebook failed first")
                )
                bar.update(1)
        else:
            todo2 = _fingerprinted(second, code, Inputs(data_dir, include_processed=True), force, summary, bar)
            if todo2 and pool is None:
                pool, executed = _new_pool(size, log, scheduler)
                bar.start()
            if todo2:
                futures |= _submit(pool, _longest_first(todo2), max(0, spares - len(todo)))
        for fut in as_completed(futures):
            summary.results.append(_result_of(fut, futures[fut]))
            bar.update(1)
    except KeyboardInterrupt:
        if pool is not None:  # stop the notebooks now, as Ctrl-C does; their kernels follow their worker
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.kill()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown()
        bar.close()
    from .index import write_index

    try:
        write_index(out_dir, stale_pages(out_dir, nb_dir, code, data_dir, linked, every or []))
    except OSError as exc:  # a full disk: the pages' own outcomes are still reported, with this one
        summary.results.append(Result("index.html", {}, "failed", error=f"{exc.filename}: {exc.strerror}"))
    return summary


def stale_pages(
    out_dir: Path, nb_dir: Path, code: str, data_dir: Path, linked: tuple[str, ...], every: list[Report]
) -> set[Path]:
    """Run records under `out_dir` whose inputs changed since they were built (pages this run did not select
    included): the index must not call them current."""
    inputs = Inputs(data_dir, include_processed=True)
    stale = set()
    for state_file in Path(out_dir).rglob(".*.state.json"):
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if state.get("status") != "ok":
            continue
        params, nb_path = state.get("params", {}), Path(nb_dir) / f"{state.get('notebook', '')}.ipynb"
        if not nb_path.is_file():
            stale.add(state_file)
            continue
        job = Job(nb_path.stem, str(nb_path), params, str(state_file.parent), params.get("lang", ""), langs=linked)
        if "region" in params:
            job = Job(**{**asdict(job), "years": linked_years(out_dir, every, job)})
        if fingerprint(job, code, _reads(job, inputs)) != state.get("fingerprint"):
            stale.add(state_file)
    return stale


def languages_to_build(asked: list[str] | None, out_dir: Path) -> list[str]:
    """The languages asked for (`all` = every one); when none is asked, zh-Hans and every language that already
    has pages in `out_dir`, so that a plain `make report` never leaves an earlier language's pages stale."""
    if asked:
        return list(LANGS) if "all" in asked else list(dict.fromkeys(asked))
    built = built_languages(out_dir)
    return [lang for lang in LANGS if lang == "zh-Hans" or lang in built]


def built_languages(out_dir: Path) -> set[str]:
    """Languages that have pages in `out_dir`."""
    built = set()
    for state_file in Path(out_dir).rglob(".*.state.json") if Path(out_dir).exists() else []:
        try:
            built.add(json.loads(state_file.read_text(encoding="utf-8")).get("params", {}).get("lang", ""))
        except (OSError, ValueError):
            continue
    return built


def check_report_parameters(extra: dict[str, str], reports: list[Report], every: list[Report], data_dir: Path) -> None:
    """Refuse, before any kernel starts, a headline that no catalog id names and a baseline year that is not an
    earlier report year of every selected region, listing what exists."""
    baseline = str(extra.get("baseline_year", "")).strip()
    if baseline.isdigit() and int(baseline) != 0:  # a value that is not a number is refused by coerce()
        for r in reports:
            earlier = sorted({x.year for x in every if x.region == r.region and x.year < r.year})
            if int(baseline) not in earlier:
                shown = ", ".join(map(str, earlier)) or "none"
                raise InputError(
                    "parameter 'baseline_year'",
                    f"{baseline!r} is not an earlier report year of {r.region} {r.year}; earlier years: {shown}",
                )
    headline = str(extra.get("headline", "")).strip()
    if headline and not headline.startswith("~"):
        from .dataset import load_reference  # only then: a plain run imports no pandas

        ids = sorted(e.indicator_id for e in load_reference(data_dir).catalog)
        if headline not in ids:
            raise InputError("parameter 'headline'", f"{headline!r} is not a catalog id; ids: {', '.join(ids)}")


def _reads(job: Job, inputs: Inputs) -> str:
    """Digest of what this job's page reads (inputs.Inputs.for_page)."""
    return inputs.for_page(job.params.get("region"), job.params.get("year"))


def _with_fingerprint(job: Job, code: str, inputs: Inputs) -> Job:
    """A per-report job with the fingerprint it would have if the processed data stayed as it is."""
    return Job(**{**asdict(job), "fingerprint": fingerprint(job, code, _reads(job, inputs))})


def _fingerprinted(jobs: list[Job], code: str, inputs: Inputs, force: bool, summary: Summary, bar: Any) -> list[Job]:
    todo = []
    for job in jobs:
        job = _with_fingerprint(job, code, inputs)
        if not force and up_to_date(job):
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
