"""A notebook run as data: the job, its outcome, and the fingerprint that says whether it must run again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .inputs import digest_files

HELPERS_DIR = Path(__file__).resolve().parent


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
    reads: tuple[str, ...] = ()  # what the notebook declares it reads (paths.READS): its fingerprint's data
    writes: tuple[str, ...] = ()  # what it declares it writes (paths.WRITES): the jobs that read it wait for it
    preload: tuple[str, ...] = ()  # modules a kernel imports while it boots: what the run's notebooks declare

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
        ",".join(job.reads).encode(),
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
    stamp = page_stamp(job)
    if stamp is None or ("page" in state and state["page"] != stamp):
        return False  # the page or its notebook was deleted, edited, emptied or replaced since it was built
    return state.get("status") == "ok" and state.get("fingerprint") == job.fingerprint


def page_stamp(job: Job) -> list[int] | None:
    """Size and modification time of the job's HTML page and executed notebook (None when one is missing)."""
    try:
        files = [html_path(job).stat(), (Path(job.out_dir) / f"{job.stem}.ipynb").stat()]
    except OSError:
        return None
    return [n for st in files for n in (st.st_size, st.st_mtime_ns)]


def outputs_digest(folder: Path) -> str:
    """Digest of everything a collection notebook wrote (empty when the folder has nothing)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")] if folder.exists() else []
    return digest_files(files, folder) if files else ""
