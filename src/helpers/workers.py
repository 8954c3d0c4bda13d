"""Where notebooks run: worker processes (or a Dask cluster), each with a Jupyter kernel booted ahead of its job."""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import queue
import stat
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import atomic
from .errors import InputError
from .jobs import Job, Result, html_path, outputs_digest, page_stamp, state_path
from .kernel_files import kernel_files_dir

IOPUB_TIMEOUT = 120  # seconds a cell's output may trail its reply on a loaded machine


KERNEL_START_TIMEOUT = 300  # seconds a kernel may take to boot and warm up on a loaded machine
SCHEDULER_TIMEOUT = 20  # seconds to connect to a Dask scheduler


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
    km = _WORKER.pop("km", None) or _launch_kernel(job.preload, job.log)
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
        if job.writes and "executed" in _WORKER:
            _WORKER["executed"].put((job.stem, result.status))  # the data is written: later jobs may start
        if job.spare:
            _WORKER["km"] = _launch_kernel(job.preload)  # the next job's kernel boots while this one is exported
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
    state["page"] = page_stamp(job)  # a page or notebook edited or emptied since is built again
    if job.outputs_dir:
        state["outputs"] = outputs_digest(Path(job.outputs_dir))
    atomic.write_text(state_path(job), json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True))
    return result


def warm_up(modules: tuple[str, ...]) -> str:
    """A kernel start-up line importing `modules` (the notebooks' `preload`, checked to be module names) into a
    throwaway namespace while the kernel boots, so a notebook's own imports are instant. Nothing is bound in the
    notebook's namespace and execution counts are untouched: results are the same."""
    return f"exec('import {', '.join(modules)}', {{}})" if modules else ""


PRINT_CAP = 10_000_000  # characters a notebook may print (its tables and charts are not printed text)


CAP_PRINTING = f"exec('import helpers.printcap; helpers.printcap.cap_printing({PRINT_CAP})', {{}})"


_WORKER: dict[str, Any] = {}


def _launch_kernel(preload: tuple[str, ...] = (), log: str = "") -> Any:
    """Start a kernel now (it boots and warms up in the background); papermill connects to it later. Its stderr
    goes to `log` when given (a pool worker's stderr already goes there)."""
    import asyncio

    from jupyter_client.manager import AsyncKernelManager

    from .zygote import ForkingKernelManager

    # Unix sockets under a name of its own, not TCP ports: jupyter_client picks a free port and releases it before
    # the kernel binds it, and with several kernels booting at once another took it ("Address already in use",
    # then "Kernel died before replying to kernel_info"). On Linux in the abstract namespace (@…), which leaves
    # no file behind even when the kernel is killed; elsewhere a short temporary path (a socket path's limit).
    name = f"gik-{uuid.uuid4().hex[:16]}"
    sockets = f"@{name}" if sys.platform == "linux" else os.path.join(tempfile.gettempdir(), name)
    zygote = _zygote(preload)
    if zygote is not None:
        km = ForkingKernelManager(zygote, log, kernel_name="python3", transport="ipc", ip=sockets)
    else:
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=sockets)
    if "runner" in _WORKER:  # the connection file (its key) in the run's own folder: removed when the run ends
        folder = kernel_files_dir(_WORKER["runner"])
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        # The name is predictable: use the folder only if it is a real folder of ours that nobody else can enter
        # (not a link, not another user's); otherwise jupyter's own private temporary file.
        st = os.lstat(folder)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077:
            km.connection_file = str(folder / f"{name}.json")
    # No command history: a run writes nothing outside its own folders (IPython's history.sqlite is in the home
    # folder, which may be read-only, and every kernel of a run would wait on its lock).
    lines = [line for line in (warm_up(preload), CAP_PRINTING) if line]
    args = [f"--IPKernelApp.exec_lines={lines!r}", "--HistoryManager.enabled=False"]
    extra: dict[str, Any] = {"extra_arguments": args}
    if "die" in _WORKER and threading.current_thread() is threading.main_thread():
        # A booting kernel polls for its parent only once its warm-up imports are done (seconds on a loaded
        # machine); killed with its worker instead, it never outlives the run. Only from the main thread: the
        # kernel dies with the thread that started it.
        extra["preexec_fn"] = functools.partial(_WORKER["die"], os.getpid())
    if not log:
        asyncio.run(km.start_kernel(**extra))
        return km
    with open(log, "ab") as err:
        asyncio.run(km.start_kernel(**extra, stderr=err))
    return km


def _zygote(preload: tuple[str, ...]) -> Any:
    """This worker's zygote, started on first use, with `preload` imported (kernels are forked from it); None
    outside a local pool's worker (a Dask worker outlives the run and would keep old code) and off Linux (forking
    a process that has loaded libraries is tested here on Linux only; elsewhere kernels start anew)."""
    if "runner" not in _WORKER or sys.platform != "linux":
        return None
    from .zygote import Zygote

    zygote = _WORKER.get("zygote")
    if zygote is None or not zygote.alive():
        # JPY_PARENT_PID marks the zygote and its kernels as this worker's, as jupyter_client marks a kernel it starts.
        env = dict(os.environ) | {"JPY_PARENT_PID": str(os.getpid())}
        zygote = _WORKER["zygote"] = Zygote(("ipykernel.kernelapp", *preload), env)
    return zygote


def _stop_kernel(km: Any) -> None:
    import asyncio

    with contextlib.suppress(Exception):  # already gone: nothing to clean up
        asyncio.run(km.shutdown_kernel(now=True))


def _stop_spare() -> None:
    if "km" in _WORKER:
        _stop_kernel(_WORKER.pop("km"))
    if "zygote" in _WORKER:
        _WORKER.pop("zygote").close()


def _worker_init(log_path: str, executed: Any, runner: int, preload: tuple[str, ...]) -> None:
    """Per worker: quiet stderr, boot a kernel for the first job, and load papermill while it boots."""
    import multiprocessing.util

    _die_with_parent(runner)
    _WORKER["runner"] = runner
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)  # kernels inherit it: their start-up and shutdown chatter goes to the log
    os.close(fd)
    _WORKER["km"] = _launch_kernel(preload)
    _WORKER["executed"] = executed
    multiprocessing.util.Finalize(None, _stop_spare, exitpriority=10)  # no kernel outlives its worker
    # While the kernel boots, load papermill (and nbformat's jsonschema, a second or two of it: the kernel takes
    # longer); the exporter is built on first use, off the critical path (later notebooks start as soon as the
    # collection notebook has executed, before it is exported).
    import papermill  # noqa: F401


def _die_with_parent(runner: int) -> None:
    """On Linux, have the kernel kill this worker when the runner (process `runner`) dies (even by SIGKILL), and
    its notebook kernels when the worker dies. Elsewhere the pool's own shutdown and ipykernel's parent polling are
    all there is."""
    from .zygote import parent_death_signal

    die = parent_death_signal()
    if die is None:
        return
    die(runner)
    _WORKER["die"] = die


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
        # In a thread with a deadline: a server that is not a scheduler (the dashboard's HTTP port 8787, say)
        # accepts the connection and never answers, and Client's own timeout does not cover that.
        box: dict[str, Any] = {}

        def connect() -> None:
            try:
                box["client"] = Client(self.cluster or scheduler, timeout=SCHEDULER_TIMEOUT)
            except Exception as exc:  # a malformed address or a refused connection: said in one line below
                box["error"] = f"{type(exc).__name__}: {exc}"

        thread = threading.Thread(target=connect, daemon=True)
        thread.start()
        thread.join(SCHEDULER_TIMEOUT + 5)
        if "client" not in box:
            why = box.get("error") or f"no answer within {SCHEDULER_TIMEOUT + 5} s; is it a scheduler (port 8786)?"
            raise InputError("--scheduler", f"cannot reach a Dask scheduler at {scheduler!r} ({why})")
        self.client = box["client"]
        try:  # a scheduler with no worker would hold every job (and the folder's locks) for ever
            self.client.wait_for_workers(1, timeout=SCHEDULER_TIMEOUT)
        except Exception:
            self.shutdown()
            raise InputError(
                "--scheduler",
                f"the scheduler at {scheduler!r} has no worker (none joined within {SCHEDULER_TIMEOUT} s)",
            ) from None
        self.executor = self.client.get_executor(pure=False)

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        """Send one job to the cluster."""
        return self.executor.submit(fn, *args)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Stop using the cluster (and stop the local one)."""
        if hasattr(self, "executor"):
            self.executor.shutdown(wait=wait)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def new_pool(workers: int, log: Path, scheduler: str = "", preload: tuple[str, ...] = ()) -> tuple[Any, Any]:
    """A pool whose workers each boot a kernel first and warm up while it boots, and their report queue; or a Dask
    cluster (no queue: per-report notebooks then start once the collection notebooks have finished)."""
    if scheduler:
        return DaskPool(scheduler, workers), None
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    executed = context.Queue()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_init,
        initargs=(str(log), executed, os.getpid(), preload),
    )
    return pool, executed


def submit(pool: ProcessPoolExecutor, jobs: list[Job], spares: int) -> dict[Future[Result], Job]:
    """Queue jobs; the first `spares` of them boot a kernel for a later job once they have executed."""
    return {pool.submit(execute, replace(job, spare=i < spares)): job for i, job in enumerate(jobs)}


def result_of(fut: Future[Result], job: Job) -> Result:
    """The job's result, or a failure when its worker died (killed, out of memory) before returning one."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return fut.result()
    except BrokenProcessPool as exc:
        return Result(job.notebook, job.params, "failed", error=f"the worker process died: {exc}")
    except Exception as exc:  # raised while writing the page (a full disk): say what, not a traceback
        return Result(job.notebook, job.params, "failed", error=f"{type(exc).__name__}: {exc}")


def worker_died(fut: Future[Result]) -> bool:
    """Whether a finished job's worker process died under it (killed, out of memory)."""
    from concurrent.futures.process import BrokenProcessPool

    return not fut.cancelled() and isinstance(fut.exception(), BrokenProcessPool)


def collect(futures: dict[Future[Result], Job], done: Callable[[Result], object]) -> list[Job]:
    """Hand each job's result to `done` as it finishes; return the jobs whose worker died under them."""
    died = []
    for fut in as_completed(futures):
        if worker_died(fut):
            died.append(futures[fut])
        else:
            done(result_of(fut, futures[fut]))
    return died


def kill(pool: Any) -> None:
    """Stop a local pool's notebooks now, as Ctrl-C does; their kernels follow their worker."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        proc.kill()


def run_again(jobs: list[Job], size: int, log: Path) -> list[Result]:
    """Jobs whose worker died, run once more in a fresh pool; those that die again, each alone in its own pool,
    so that a notebook that kills its own worker fails alone and says so."""
    results: list[Result] = []
    died = _in_fresh_pool(jobs, size, log, results)
    for job in died:
        if _in_fresh_pool([job], 1, log, results):
            results.append(
                Result(job.notebook, job.params, "failed", error="the worker process died twice while running it")
            )
    return results


def _in_fresh_pool(jobs: list[Job], size: int, log: Path, results: list[Result]) -> list[Job]:
    """Run jobs in a new pool; append their results; return those whose worker died again."""
    pool, _ = new_pool(size, log, preload=jobs[0].preload)
    try:
        return collect(submit(pool, jobs, max(0, len(jobs) - size)), results.append)
    except BaseException:  # Ctrl-C
        kill(pool)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def await_executions(executed: Any, futures: dict[Future[Result], Job]) -> dict[str, str]:
    """Wait until these writing notebooks have executed (not necessarily exported); return their statuses by
    `Job.stem`. Without a report queue (a Dask cluster) that is when they have finished."""
    if executed is None:
        return {job.stem: result_of(fut, job).status for fut, job in futures.items()}
    statuses: dict[str, str] = {}
    while len(statuses) < len(futures):
        try:
            stem, status = executed.get(timeout=0.1)
            statuses[stem] = status
        except queue.Empty:
            # A job that finished (or whose worker died) without a message yet: its result says how it went.
            for fut, job in futures.items():
                if fut.done() and job.stem not in statuses:
                    statuses[job.stem] = result_of(fut, job).status
    return statuses
