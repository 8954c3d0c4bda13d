"""The project's notebook collection: which notebooks run for which reports, with which parameters and links,
and what each page reads (its fingerprint's inputs)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputError
from .inputs import Inputs
from .jobs import Job, fingerprint, html_path
from .notebook_params import LANGS, Io, coerce, declared_io, declared_parameters
from .sources import Report, earlier_years, find_report


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
    # resolved once: a province has hundreds of jobs, and each path below is a name joined to these
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    ios = {nb: declared_io(nb, _per_report(declared_by[nb])) for nb in nb_paths}
    _one_writer_each(ios)
    # Any kernel may serve any job (a spare boots before its job is known): it preloads what every notebook declares.
    preload = tuple(dict.fromkeys(m for io in ios.values() for m in io.preload))
    for nb in nb_paths:
        declared = declared_by[nb]
        per_report = _per_report(declared)
        io = ios[nb]
        for lang in langs:
            given: dict[str, Any] = {"lang": lang, "data_dir": str(data_dir)}
            given |= {k: v for k, v in extra.items() if k in declared}
            targets = reports if per_report else [None]
            for r in targets:
                params = dict(given)
                if r is not None:
                    params.update(region=r.region, year=r.year)
                params = coerce(nb, declared, {k: v for k, v in params.items() if k in declared})
                # A value equal to the notebook's own default is no change (-p baseline_year=0 reran every page)
                params = {k: v for k, v in params.items() if k in reserved or v != declared[k].default}
                sub = Path(out_dir) / (paths.page_folder(r.region, r.year) if r is not None else paths.page_folder())
                # paths.WRITES has one name today; a second would need Job to check several folders
                outputs = str(paths.written_dir(io.writes[0], data_dir)) if io.writes else ""
                cache = str(out_dir / ".cache" / "fonts")
                job = Job(
                    nb.stem,
                    str(nb),
                    params,
                    str(sub),
                    lang,
                    outputs_dir=outputs,
                    cache_dir=cache,
                    langs=linked or tuple(langs),
                    log=str(out_dir / ".kernels.log"),
                    reads=io.reads,
                    writes=io.writes,
                    preload=preload,
                )
                # What writes runs first; what reads what was written (and every page) runs once that has executed.
                (first if io.writes else second).append(job)
    planned = {html_path(j) for j in second}
    second = [replace(j, years=linked_years(out_dir, every or reports, j, planned)) for j in second]
    return first, second


def _one_writer_each(ios: dict[Path, Io]) -> None:
    """Refuse two notebooks that declare they write the same thing: their runs would overwrite each other."""
    writer: dict[str, Path] = {}
    for nb, io in ios.items():
        for name in io.writes:
            if name in writer:
                raise InputError(nb, f'metadata "io" writes {name!r}, as {writer[name].name} does: one writer each')
            writer[name] = nb


def waits_for(job: Job) -> set[str]:
    """The declared writes this job's reads need (paths.WAITS_FOR)."""
    return {paths.WAITS_FOR[name] for name in job.reads if name in paths.WAITS_FOR}


def linked_years(out_dir: Path, every: list[Report], job: Job, planned: set[Path] | None = None) -> tuple[int, ...]:
    """Earlier report years of the job's region whose page of the same notebook and language exists in `out_dir`
    or is `planned` by this run: the page links to those only (a `--year` run on a fresh folder has no others)."""
    region, year = job.params.get("region"), job.params.get("year")
    found = []
    root = Path(out_dir) if Path(out_dir).is_absolute() else Path(out_dir).resolve()
    for y in sorted({r.year for r in every if r.region == region and r.year < year}):
        page = root / paths.page_folder(region, y) / paths.page_file(job.notebook, job.lang)
        if page in (planned or set()) or page.exists():
            found.append(y)
    return tuple(found)


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
    """The notebooks a run covers, by file name or stem; those that write data always stay in (others read it)."""
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
    return [p for p in every if p in wanted or declared_io(p, is_per_report(p)).writes]


def stale_pages(
    out_dir: Path,
    nb_dir: Path,
    code: str,
    data_dir: Path,
    linked: tuple[str, ...],
    every: list[Report],
    inputs: Inputs | None = None,
) -> set[Path]:
    """Run records under `out_dir` whose inputs changed since they were built (pages this run did not select
    included): the index must not call them current. `inputs`: the data folder as already read, if unchanged."""
    inputs = inputs or Inputs(data_dir, include_processed=True)
    stale = set()
    declared: dict[tuple[Path, bool], Io | None] = {}
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
        key = (nb_path, "region" in params)
        if key not in declared:  # one read of each notebook, not one per page
            try:
                declared[key] = declared_io(*key)
            except InputError:
                declared[key] = None
        io = declared[key]
        if io is None:
            stale.add(state_file)
            continue
        job = Job(
            nb_path.stem,
            str(nb_path),
            params,
            str(state_file.parent),
            params.get("lang", ""),
            langs=linked,
            reads=io.reads,
        )
        if "region" in params:
            job = replace(job, years=linked_years(out_dir, every, job))
        if fingerprint(job, code, reads(job, inputs)) != state.get("fingerprint"):
            stale.add(state_file)
    return stale


def languages_to_build(asked: list[str] | None, out_dir: Path, built: set[str] | None = None) -> list[str]:
    """The languages asked for (`all` = every one); when none is asked, zh-Hans and every language that already
    has pages in `out_dir`, so that a plain `make report` never leaves an earlier language's pages stale."""
    if asked:
        return list(LANGS) if "all" in asked else list(dict.fromkeys(asked))
    built = built_languages(out_dir) if built is None else built
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
    if baseline.lstrip("+-").isdigit() and int(baseline) != 0:  # not a number at all is refused by coerce()
        for r in reports:
            earlier = earlier_years(every, r.region, r.year)
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


def reads(job: Job, inputs: Inputs) -> str:
    """Digest of what this job's notebook declares it reads, for its region and year (inputs.Inputs.digest)."""
    return inputs.digest(job.reads, job.params.get("region"), job.params.get("year"))


def with_fingerprint(job: Job, code: str, inputs: Inputs) -> Job:
    """A per-report job with the fingerprint it would have if the processed data stayed as it is."""
    return replace(job, fingerprint=fingerprint(job, code, reads(job, inputs)))
