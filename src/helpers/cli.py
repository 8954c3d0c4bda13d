"""The `indicators` command: extract one report, build the dataset, run the notebook collection."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputError
from .sources import REGION_RE, REGION_RULE


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _year(text: str) -> int:
    if not text.isdigit() or not 1949 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"year {text!r} is not a four-digit year")
    return int(text)


def _region(text: str) -> str:
    if not REGION_RE.match(text):
        raise argparse.ArgumentTypeError(f"region {text!r} {REGION_RULE}")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = _Parser(prog="indicators", description=__doc__)
    p.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="extract the indicators of one report text to CSV")
    ex.add_argument("report", type=Path, help="report text file (UTF-8, GBK/GB18030 or Big5)")
    ex.add_argument("--region", required=True, type=_region, help="region code, e.g. shuangliao")
    ex.add_argument("--year", required=True, type=_year, help="report year")
    ex.add_argument("--out", required=True, type=Path, help="CSV file to write")
    ex.add_argument("--corrections", type=Path, help="corrections CSV (original,replacement,reason)")
    ex.add_argument("--repairs", type=Path, help="also write the repair log to this CSV")
    ex.add_argument("--data-dir", type=Path, default=paths.DATA_DIR, help="folder holding raw/catalog.csv")

    bd = sub.add_parser("build", help="extract every registered report into data/processed/")
    bd.add_argument("--data-dir", type=Path, default=paths.DATA_DIR)

    rg = sub.add_parser("register", help="copy a new report into data/raw/ and record its provenance")
    rg.add_argument("report", type=Path, help="the report text as received (it is copied byte for byte)")
    rg.add_argument("--region", required=True, type=_region, help="region code, e.g. shuangliao")
    rg.add_argument("--year", required=True, type=_year, help="report year")
    rg.add_argument("--title", required=True)
    for field in ("organisation", "region-zh", "region-en"):
        rg.add_argument(f"--{field}", default="", help="needed for a new region; else taken from its earlier report")
    for field in ("author", "province-zh", "province-en", "published", "url", "accessed", "notes"):
        rg.add_argument(f"--{field}", default="")
    rg.add_argument("--synthetic", action="store_true", help="mark a made-up report (tests only)")
    rg.add_argument("--data-dir", type=Path, default=paths.DATA_DIR)

    cp = sub.add_parser("compare", help="write every year-on-year comparison of one report (and the suggestions)")
    cp.add_argument("--region", required=True, type=_region, help="region code, e.g. shuangliao")
    cp.add_argument("--year", required=True, type=_year, help="report year")
    cp.add_argument("--baseline-year", type=_year, help="compare with this year (default: the nearest earlier)")
    cp.add_argument("--out", required=True, type=Path, help="CSV file to write")
    cp.add_argument("--data-dir", type=Path, default=paths.DATA_DIR)

    lk = sub.add_parser(
        "link", help="list the year-to-year links waiting for a person, and record decisions in data/raw/links.csv"
    )
    lk.add_argument("--region", type=_region, help="only this region")
    lk.add_argument("--year", type=_year, help="only this report year")
    lk.add_argument(
        "--accept", type=int, nargs="+", action="extend", default=[], metavar="N", help="suggestions N… are the same"
    )
    lk.add_argument(
        "--reject", type=int, nargs="+", action="extend", default=[], metavar="N", help="suggestions N… are not"
    )
    lk.add_argument("--accept-all", action="store_true", help="accept every suggestion listed")
    lk.add_argument(
        "--same",
        nargs=2,
        action="append",
        default=[],
        metavar=("PHRASE", "PREVIOUS_PHRASE"),
        help="link two figures yourself (needs --region and --year; the previous report is the one before)",
    )
    lk.add_argument(
        "--different",
        nargs=2,
        action="append",
        default=[],
        metavar=("PHRASE", "PREVIOUS_PHRASE"),
        help="never link these two figures",
    )
    lk.add_argument("--note", default="", help="why (kept in links.csv)")
    lk.add_argument("--data-dir", type=Path, default=paths.DATA_DIR)

    ck = sub.add_parser("check", help="check the manifest, checksums, catalog and sections")
    ck.add_argument("--data-dir", type=Path, default=paths.DATA_DIR)

    rn = sub.add_parser("run", help="run the notebook collection and export HTML reports")
    rn.add_argument("--region", action="append", type=_region, help="only this region (repeatable)")
    rn.add_argument("--year", action="append", type=_year, help="only this report year (repeatable)")
    rn.add_argument("--notebook", action="append", help="only this notebook, e.g. 30-year-on-year (repeatable)")
    rn.add_argument(
        "--lang",
        action="append",
        help="zh-Hans, zh-Hant, en or all (repeatable); default: zh-Hans and every language already built",
    )
    rn.add_argument("--jobs", type=int, help="parallel notebook runs (default: one per core)")
    rn.add_argument("--force", action="store_true", help="rerun even notebooks whose inputs have not changed")
    rn.add_argument("--data-dir", type=Path, default=paths.DATA_DIR, help="data folder (default: data/)")
    rn.add_argument("--out", type=Path, default=paths.REPORTS_DIR, help="reports folder (default: reports/)")
    rn.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a notebook parameter, e.g. -p baseline_year=2021 (checked against the notebooks)",
    )
    rn.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS_DIR, help="notebook folder (default: notebooks/)")
    rn.add_argument("--quiet", action="store_true", help="no progress bar")
    rn.add_argument(
        "--scheduler",
        default="",
        help="run the notebooks on a Dask cluster: its scheduler address (tcp://host:8786), or `local` to start one "
        "on this machine (workers must share the data and reports folders)",
    )
    rn.add_argument(
        "--timeout",
        type=int,
        default=1800,
        help="seconds one notebook cell may run before that notebook is stopped as failed (default: 1800)",
    )
    return p


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract one report's indicators to CSV (a registered report gets its corrections file and author)."""
    from . import atomic
    from .corrections import load_corrections
    from .dataset import extract_text, load_reference
    from .guards import refuse_output, regular_file
    from .sources import registered_report
    from .textio import read_report

    if args.corrections:
        regular_file(args.corrections)  # named but missing: an error, never "applied" while nothing was
    inputs = [args.report, *([args.corrections] if args.corrections else [])]
    refuse_output(args.out, inputs, args.data_dir)
    if args.repairs:
        refuse_output(args.repairs, [*inputs], args.data_dir, "--repairs")
        if Path(args.repairs).resolve() == Path(args.out).resolve():
            raise InputError("--repairs", f"{args.repairs} is also --out; give the repair log its own file")
    decoded = read_report(args.report)
    registered = registered_report(args.data_dir, args.report)
    cpath = args.corrections
    if cpath is None and registered is not None:
        beside = paths.corrections_path(registered.region, registered.year, args.data_dir)
        cpath = beside if beside.exists() else None
    corrections = load_corrections(cpath) if cpath else []
    result = extract_text(
        decoded.text,
        args.region,
        args.year,
        load_reference(args.data_dir),
        corrections,
        args.report,
        decoded.encoding,
        cpath or "",
        registered.meta.get("author", "") if registered else "",
    )
    atomic.write_csv(args.out, result.rows)
    if args.repairs:
        atomic.write_csv(args.repairs, result.repairs)
    unmatched = int(result.rows["indicator_id"].isna().sum())
    applied = f"; corrections applied from {cpath}" if cpath else ""
    print(
        f"{args.out}: {len(result.rows)} indicators ({unmatched} not in the catalog), read as {decoded.encoding}"
        f"{applied}"
    )
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Write the comparisons and suggestions of one report to CSV."""
    from . import atomic
    from .compare import comparisons_for_export
    from .dataset import build
    from .guards import refuse_output
    from .sources import earlier_years, find_report, load_manifest

    refuse_output(args.out, [], args.data_dir)
    reports = load_manifest(args.data_dir)
    find_report(reports, args.region, args.year)  # unknown region or year: one clear line
    if args.baseline_year and args.baseline_year >= args.year:
        raise InputError("--baseline-year", f"{args.baseline_year} is not before {args.year}")
    earlier = earlier_years(reports, args.region, args.year)
    if args.baseline_year and args.baseline_year not in earlier:  # as `run -p baseline_year=…` refuses it
        shown = ", ".join(map(str, earlier)) or "none"
        raise InputError(
            "--baseline-year", f"{args.baseline_year} is not an earlier report year of {args.region}; earlier: {shown}"
        )
    indicators, _, _, links = build(args.data_dir)
    out = comparisons_for_export(indicators, links, args.region, args.year, args.baseline_year)
    atomic.write_csv(args.out, out)
    review = int(out["review"].sum()) if len(out) else 0
    print(f"{args.out}: {len(out) - review} comparisons, {review} suggestions to review (indicators link)")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    """List suggested links; record accepted or rejected ones (and hand-made ones) as rows of links.csv."""
    from .compare import suggestions
    from .dataset import build
    from .decisions import append_decisions, check_new_decision

    if args.region:
        from .sources import find_report, load_manifest

        reports = load_manifest(args.data_dir)
        if args.year or args.region not in {r.region for r in reports}:  # unknown region or year: one line
            find_report(reports, args.region, args.year or 0)
    indicators, _, _, links = build(args.data_dir)
    regions = [args.region] if args.region else sorted(indicators["region"].unique())
    listed = []
    for region in regions:
        years = sorted(links.loc[links["region"] == region, "year"].unique())
        for year in [args.year] if args.year else years:
            sug = suggestions(indicators, links, region, int(year))
            listed += [(region, int(year), r) for _, r in sug.iterrows()]
    rows = []
    twice = sorted({n for n in args.accept if args.accept.count(n) > 1} | set(args.accept) & set(args.reject))
    if twice:  # --accept 1 --accept 2 keeps only the last list; --accept 1 --reject 1 says both
        raise InputError("--accept/--reject", f"suggestion {twice[0]} is given more than once; give each number once")
    chosen = {n: "same" for n in args.accept} | {n: "different" for n in args.reject}
    if args.accept_all:
        chosen = dict.fromkeys(range(1, len(listed) + 1), "same") | chosen
    for n, decision in chosen.items():
        if not 1 <= n <= len(listed):
            raise InputError("--accept/--reject", f"there is no suggestion {n}; the list has {len(listed)}")
        region, year, r = listed[n - 1]
        rows.append((region, year, r["phrase"], r["previous_year"], r["previous_phrase"], decision))
        print(f"{n}. {decision}: {region} {year} {r['phrase']} ← {r['previous_year']} {r['previous_phrase']}")
    for decision, pairs in (("same", args.same), ("different", args.different)):
        for phrase, previous in pairs:
            if not (args.region and args.year):
                raise InputError("--same/--different", "name the report with --region and --year")
            earlier = [
                y
                for y in sorted(indicators.loc[indicators["region"] == args.region, "report_year"].unique())
                if y < args.year
            ]
            if not earlier:
                raise InputError("--year", f"{args.region} has no report before {args.year}")
            check_new_decision(
                args.data_dir, indicators, args.region, args.year, (phrase, previous), int(earlier[-1]), decision
            )
            rows.append((args.region, args.year, phrase, int(earlier[-1]), previous, decision))
    if rows:
        path = append_decisions(args.data_dir, rows, args.note)
        print(f"{path}: {len(rows)} decision(s) recorded; the next build applies them")
        return 0
    if not listed:
        print("nothing to review: every link is settled (or there is no earlier report)")
        return 0
    for n, (region, year, r) in enumerate(listed, start=1):
        print(
            f"{n:>3}. {region} {year} ← {r['previous_year']}  confidence {r['confidence']:.2f}\n"
            f"     now:    {r['phrase']}\n     before: {r['previous_phrase']}"
        )
    # The numbers belong to this list: the command to accept names the same region and year.
    scope = "".join(f" --{k} {v}" for k, v in (("region", args.region), ("year", args.year)) if v)
    print(f"accept with `indicators link{scope} --accept N …`, reject with `--reject N …` (numbers of this list)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build data/processed from every registered report."""
    from .dataset import build, write
    from .guards import exclusive

    with exclusive(paths.processed_dir(args.data_dir), "another run writing this data folder's processed/"):
        indicators, repairs, per, links = build(args.data_dir)
        for path in write(args.data_dir, indicators, repairs, per, links):
            print(path)
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    """Copy a report into data/raw and append its manifest row."""
    from .sources import register_report

    meta = {k.replace("-", "_"): str(v) for k, v in vars(args).items() if isinstance(v, str)}
    meta["synthetic"] = "true" if args.synthetic else "false"
    report = register_report(args.data_dir, args.report, args.region, args.year, meta, args.accessed or None)
    print(f"{report.path}: registered ({report.sha256[:12]}…); run `make report` to rebuild the reports")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the hand-written inputs without building anything."""
    from .dataset import load_reference
    from .decisions import read_decisions
    from .sources import load_manifest

    reports = load_manifest(args.data_dir)
    ref = load_reference(args.data_dir)
    decisions = paths.decisions_path(args.data_dir)
    rows = read_decisions(decisions) if decisions.exists() else []
    for warning in unknown_regions(reports, ref, args.data_dir):
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"ok: {len(reports)} reports with matching checksums, {len(ref.catalog)} catalog indicators, "
        f"{len(ref.sections)} sections, {len(rows)} link decisions"
    )
    return 0


def unknown_regions(reports: list, ref: Any, data_dir: Path) -> list[str]:
    """Regions named in regions.csv or sections.csv that no registered report has: a typo applies to nothing."""
    import difflib

    known = sorted({r.region for r in reports})
    named = [(paths.regions_path(data_dir), region) for region in ref.headlines]
    named += [(paths.sections_path(data_dir), region) for sec in ref.sections for region in sec.regions]
    out = []
    for path, region in dict.fromkeys(named):
        if region not in known:
            close = difflib.get_close_matches(region, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; regions with reports: {', '.join(known) or 'none'}"
            out.append(f"{path}: region {region!r} has no registered report, so the row applies to nothing{hint}")
    return out


def cmd_run(args: argparse.Namespace) -> int:
    """Run the collection; exit 1 if any notebook failed."""
    from .runner import run

    extra = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError("--param", f"{item!r} must look like NAME=VALUE")
        if name.strip() in extra and extra[name.strip()] != value:
            raise InputError("--param", f"{name.strip()!r} is given twice ({extra[name.strip()]!r} and {value!r})")
        extra[name.strip()] = value
    summary = run(
        args.data_dir,
        args.out,
        args.region,
        args.year,
        args.notebook,
        args.lang,
        args.jobs,
        args.force,
        progress=not args.quiet,
        nb_dir=args.notebooks,
        extra=extra,
        timeout=args.timeout,
        scheduler=args.scheduler,
    )
    counts = {s: sum(r.status == s for r in summary.results) for s in ("ok", "skipped", "failed", "blocked")}
    print(
        f"{counts['ok']} ran, {counts['skipped']} unchanged (skipped), {counts['failed']} failed, "
        f"{counts['blocked']} blocked; index: {Path(args.out) / 'index.html'}"
    )
    for r in summary.failed:
        order = sorted((k for k in r.params if k != "data_dir"), key=lambda k: (PARAM_ORDER.get(k, 9), k))
        params = ", ".join(f"{k}={r.params[k]}" for k in order)
        cell = f" at cell In [{r.cell}]" if r.cell else ""
        print(f"FAILED {r.notebook}{f' ({params})' if params else ''}{cell}: {r.error}", file=sys.stderr)
    return 1 if summary.failed else 0


PARAM_ORDER = {"region": 0, "year": 1, "lang": 2}
COMMANDS = {
    "extract": cmd_extract,
    "compare": cmd_compare,
    "link": cmd_link,
    "build": cmd_build,
    "register": cmd_register,
    "check": cmd_check,
    "run": cmd_run,
}


def _one_line_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """Warnings as one line on stderr, without the source line Python prints by default."""
    print(f"warning: {message}", file=sys.stderr)


_STOPPING: list[int] = []  # the signals received while a command runs: only the first one interrupts it


def _interrupt(signum: int, frame: object) -> None:
    # A second `kill` (an impatient user, a supervisor's retry) must not interrupt the cleanup the first started:
    # that would leave workers, kernels or temporary files behind. SIGKILL still stops everything at once.
    _STOPPING.append(signum)
    if len(_STOPPING) == 1:
        raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command; bad input exits 2 with one line, a failed run exits 1."""
    args = build_parser().parse_args(argv)
    if threading.current_thread() is not threading.main_thread():
        return _main(args)
    # `kill` (or a closed terminal: SIGHUP) stops a command as Ctrl-C does: cleanly, nothing left running or
    # behind, no half-written output.
    stops = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    _STOPPING.clear()
    previous = {s: signal.signal(s, _interrupt) for s in stops}
    try:
        return _main(args)
    finally:
        # Once stopped, the process is on its way out: a late kill is ignored rather than turning a clean exit
        # (130, "interrupted") into a kill (143) in its last milliseconds. SIG_IGN, because Python resets its own
        # handlers to the default while it shuts down.
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_IGN if _STOPPING and s != signal.SIGINT else handler)


def _main(args: argparse.Namespace) -> int:
    """Run the sub-command `args` names; one line and exit 2 for bad input."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _one_line_warning
            return COMMANDS[args.command](args)
    except InputError as exc:
        if args.debug:
            raise
        print(f"{exc.where}: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file that cannot be read or written: say which, in one line
        if args.debug:
            raise
        print(f"{exc.filename or 'error'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
