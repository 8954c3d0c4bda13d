"""What a notebook declares it reads and writes, and how the runner turns that into fingerprints (no kernels)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA, SYNTHETIC, SYNTHETIC_SHUANGLIAO

from helpers import paths
from helpers.collection import notebooks, plan, waits_for
from helpers.errors import InputError
from helpers.inputs import Inputs
from helpers.notebook_params import declared_io, declared_parameters
from helpers.sources import load_manifest

PAGE = paths.NOTEBOOKS_DIR / "20-overview.ipynb"
BATCH = paths.NOTEBOOKS_DIR / "10-clean-indicators.ipynb"


def with_io(tmp_path: Path, source: Path, io: object, name: str = "20-page.ipynb") -> Path:
    """A copy of notebook `source` whose `io` metadata is `io` (None: no declaration at all)."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["metadata"].pop("io", None)
    if io is not None:
        nb["metadata"]["io"] = io
    (tmp_path / "nbs").mkdir(exist_ok=True)
    out = tmp_path / "nbs" / name
    out.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return out


def test_every_notebook_declares_what_it_reads_with_known_names():
    """The collection's notebooks say what they read; a batch notebook writes processed/, a page writes nothing."""
    for nb in notebooks():
        per_report = {"region", "year"} <= set(declared_parameters(nb))
        io = declared_io(nb, per_report)
        assert io.reads and set(io.reads) <= set(paths.READS), nb.name
        assert (io.writes == ()) if per_report else set(io.writes) <= set(paths.WRITES), nb.name


@pytest.mark.parametrize(
    ("io", "message"),
    [
        ({"reads": ["everything"]}, "unknown name 'everything'; known: raw, reference"),
        ({"reads": ["raw"], "writes": ["processed"]}, "a per-report notebook (region, year) cannot declare writes"),
        ({"reads": "raw"}, "'reads' must be a list of names"),
        ({"reads": ["raw"], "wirtes": []}, 'must be {"reads": [names], "writes": [names]}'),
        (["raw"], 'must be {"reads": [names], "writes": [names]}'),
    ],
)
def test_a_bad_declaration_is_refused_naming_the_notebook(tmp_path, io, message):
    """A mistyped declaration stops the run before any kernel starts, with the notebook's name."""
    nb = with_io(tmp_path, PAGE, io)
    with pytest.raises(InputError, match=r"20-page\.ipynb") as err:
        plan(FIXTURE_DATA, tmp_path / "out", load_manifest(FIXTURE_DATA), [nb], ["zh-Hans"])
    assert message in str(err.value)


def test_a_collection_notebook_cannot_read_one_regions_data(tmp_path):
    """`region-…` names mean the page's own region and year: a notebook without those parameters is refused."""
    nb = with_io(
        tmp_path, paths.NOTEBOOKS_DIR / "10-clean-indicators.ipynb", {"reads": ["region-reports"]}, "10-b.ipynb"
    )
    with pytest.raises(InputError, match="'region-reports' needs the parameters region and year"):
        declared_io(nb, per_report=False)


def test_a_notebook_without_a_declaration_reads_what_its_kind_reads(tmp_path):
    """A user's own notebook with no `io` metadata still runs: a page reads its region, a batch notebook all raw."""
    nb = with_io(tmp_path, PAGE, None)
    assert declared_io(nb, per_report=True).reads == paths.PER_REPORT_READS
    assert (declared_io(nb, per_report=False).reads, declared_io(nb, per_report=False).writes) == (
        paths.COLLECTION_READS,
        (),
    )


@pytest.mark.parametrize("preload", [["os; import shutil"], "pandas", [3], ["pandas", "a..b"]])
def test_a_preload_that_is_not_module_names_is_refused_naming_the_notebook(tmp_path, preload):
    """What a kernel imports while it boots becomes a line of code: only plain module names are accepted."""
    nb = json.loads(PAGE.read_text(encoding="utf-8"))
    nb["metadata"]["preload"] = preload
    path = tmp_path / "20-page.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(InputError, match=r'20-page\.ipynb: metadata "preload" must be a list of module names'):
        declared_io(path, per_report=True)


def test_every_kernel_of_a_run_preloads_what_any_of_its_notebooks_declares(tmp_path):
    """A spare kernel boots before its job is known: each job carries the union, in the notebooks' order; a
    notebook that declares nothing (the runner's stand-ins) gets a kernel that imports nothing."""
    from helpers.workers import warm_up

    first, second = plan(FIXTURE_DATA, tmp_path, load_manifest(FIXTURE_DATA), notebooks(), ["zh-Hans"])
    metadata = [json.loads(nb.read_text(encoding="utf-8"))["metadata"] for nb in notebooks()]
    declared = [m for meta in metadata for m in meta.get("preload", [])]
    assert "pandas" in declared
    assert {j.preload for j in first + second} == {tuple(dict.fromkeys(declared))}
    assert warm_up(("pandas", "helpers.plots")) == "exec('import pandas, helpers.plots', {})" and warm_up(()) == ""
    tiny = Path(__file__).resolve().parent / "fixtures" / "notebooks" / "tiny"
    stand_ins = plan(FIXTURE_DATA, tmp_path, load_manifest(FIXTURE_DATA), sorted(tiny.glob("*.ipynb")), ["zh-Hans"])
    assert {j.preload for jobs in stand_ins for j in jobs} == {()}


def test_the_declared_writes_are_what_a_skip_checks(tmp_path):
    """The batch notebook's declared output folder is checked before it is skipped; a page has none."""
    first, second = plan(FIXTURE_DATA, tmp_path, load_manifest(FIXTURE_DATA), notebooks(), ["zh-Hans"])
    assert [Path(j.outputs_dir) for j in first] == [paths.processed_dir(FIXTURE_DATA).resolve()]
    assert all(j.outputs_dir == "" for j in second) and all(j.reads for j in second)


def add_report(data: Path, region: str, year: int) -> None:
    """Another (synthetic) report file and manifest row for `region`."""
    folder = paths.reports_raw_dir(data) / region
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{year}.txt").write_text("合成文本：选派10名干部。\n", encoding="utf-8")
    with paths.manifest_path(data).open("a", encoding="utf-8") as fh:
        fh.write(f"{region},{year},synthetic,,,\n")


def test_a_page_digest_covers_only_what_it_declares(data_copy):
    """Another region's report changes no page of this region; this region's next year changes neither this
    year's page nor a page that reads the reference tables only; a catalog edit changes both."""
    (year,) = {r.year for r in load_manifest(data_copy)}
    own = ("reference", "region-reports", "region-processed")

    def digests() -> tuple[str, str, str]:
        inputs = Inputs(data_copy)
        return (
            inputs.digest(own, "shuangliao", year),
            inputs.digest(("reference",), "shuangliao", year),
            inputs.digest(("raw",), None, None),
        )

    before = digests()
    add_report(data_copy, "elsewhere", year)
    add_report(data_copy, "shuangliao", year + 1)
    after_reports = digests()
    assert after_reports[:2] == before[:2] and after_reports[2] != before[2]
    with paths.catalog_path(data_copy).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    after_catalog = digests()
    assert after_catalog[0] != after_reports[0] and after_catalog[1] != after_reports[1]


def test_what_reads_written_data_runs_after_its_writer_whatever_its_parameters(tmp_path):
    """A summary of the whole collection (no region, year) that reads processed/ runs with the pages, after the
    notebook that writes it; one that reads raw/ only does not wait for it."""
    nbs = [
        with_io(tmp_path, BATCH, {"reads": ["raw"], "writes": ["processed"]}, "10-w.ipynb"),
        with_io(tmp_path, BATCH, {"reads": ["processed"]}, "15-sum.ipynb"),
        with_io(tmp_path, BATCH, {"reads": ["raw"]}, "16-raw.ipynb"),
        with_io(tmp_path, PAGE, {"reads": ["region-processed"]}),
    ]
    first, second = plan(FIXTURE_DATA, tmp_path / "out", load_manifest(FIXTURE_DATA), nbs, ["zh-Hans"])
    assert [j.notebook for j in first] == ["10-w"]
    assert {j.notebook for j in second} == {"15-sum", "16-raw", "20-page"}
    assert {j.notebook: waits_for(j) for j in second} == {
        "15-sum": {"processed"},
        "16-raw": set(),
        "20-page": {"processed"},
    }


def test_two_writers_of_one_folder_or_a_notebook_reading_its_own_output_are_refused(tmp_path):
    """Two notebooks writing processed/ would overwrite each other; one reading what it writes would never be
    skipped (each run changes its input)."""
    a = with_io(tmp_path, BATCH, {"reads": ["raw"], "writes": ["processed"]}, "10-a.ipynb")
    b = with_io(tmp_path, BATCH, {"reads": ["raw"], "writes": ["processed"]}, "11-b.ipynb")
    with pytest.raises(InputError, match=r"11-b\.ipynb: metadata \"io\" writes 'processed', as 10-a.ipynb does"):
        plan(FIXTURE_DATA, tmp_path / "out", load_manifest(FIXTURE_DATA), [a, b], ["zh-Hans"])
    c = with_io(tmp_path, BATCH, {"reads": ["raw", "processed"], "writes": ["processed"]}, "12-c.ipynb")
    with pytest.raises(InputError, match="it reads 'processed', which it writes itself"):
        declared_io(c, per_report=False)


def test_a_notebook_whose_metadata_is_not_an_object_is_one_line(tmp_path):
    """`"metadata": []` (a hand-edited file) names the notebook and what is wrong, not a Python attribute."""
    nb = with_io(tmp_path, PAGE, None)
    broken = json.loads(nb.read_text(encoding="utf-8")) | {"metadata": []}
    nb.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(
        InputError, match=r'20-page\.ipynb: is not a valid notebook \(its "metadata" must be an object\)'
    ):
        declared_io(nb, per_report=True)


def test_a_summary_of_the_collection_fingerprints_every_processed_table(data_copy):
    """`processed` covers every region's rows (a summary changes with any of them); hidden files are not data."""
    processed = paths.processed_dir(data_copy)
    (processed / "indicators.csv").write_text("region,report_year\nshuangliao,2023\n", encoding="utf-8")
    before = Inputs(data_copy).digest(("processed",), None, None)
    assert Inputs(data_copy, include_processed=False).digest(("processed",), None, None) != before
    (processed / ".indicators.csv.x.tmp").write_text("half", encoding="utf-8")
    assert Inputs(data_copy).digest(("processed",), None, None) == before
    with (processed / "indicators.csv").open("a", encoding="utf-8") as fh:
        fh.write("elsewhere,2024\n")
    assert Inputs(data_copy).digest(("processed",), None, None) != before


def test_reading_processed_after_the_writers_gives_what_a_fresh_read_gives(data_copy):
    """The runner reads raw/ once and processed/ again after the writers ran: the digests are those of a fresh read
    of the folder as it is then, for every name a page may declare."""
    (year,) = {r.year for r in load_manifest(data_copy)}
    names = ("raw", "reference", "region-reports", "region-processed", "processed")
    before = Inputs(data_copy, include_processed=False)
    assert before.digest(names, "shuangliao", year)  # memoises the region's digests
    (paths.processed_dir(data_copy) / "indicators.csv").write_text("region,report_year\nshuangliao,2023\n", "utf-8")
    after = before.with_processed()
    assert after.digest(names, "shuangliao", year) == Inputs(data_copy).digest(names, "shuangliao", year)
    assert after.digest(names, "shuangliao", year) != before.digest(names, "shuangliao", year)


# Each notebook's code as a plain script with an audit hook, recording every file it opens and how (read or write).
# What the notebooks preload is imported once and each script runs in a fork of that process: its own memory (no
# data read by an earlier script is cached), without paying the imports five times.
TRACE = """
import json, os, runpy, sys, traceback
for name in sys.argv[1].split(","):
    __import__(name)
for script in sys.argv[2:]:
    pid = os.fork()
    if pid == 0:
        seen = []
        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, os.PathLike)):
                flags = args[2] or 0
                mode = args[1] if isinstance(args[1], str) else ("w" if flags & (os.O_WRONLY | os.O_RDWR) else "r")
                seen.append((os.path.realpath(args[0]), mode or "r"))
        sys.addaudithook(hook)
        code = 0
        try:
            runpy.run_path(script, run_name="__main__")
        except BaseException:
            traceback.print_exc()
            code = 1
        with open(script + ".opened.json", "w") as fh:
            json.dump(seen, fh)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if os.waitpid(pid, 0)[1]:
        sys.exit(f"{script} failed")
"""


@pytest.mark.notebooks
@pytest.mark.skipif(sys.platform == "win32", reason="the scripts run in forks of one process")
def test_what_each_notebook_opens_is_what_it_declares(data_copy, tmp_path):
    """A page's fingerprint covers only what its notebook declares it reads: each notebook's code, run as a script,
    opens no data file outside its declared reads (shuangliao 2023 never opens the 2024 report) and writes only in
    its declared outputs."""
    import subprocess

    from helpers.inputs import declared_files
    from helpers.notebook_params import as_script
    from helpers.sources import register_report

    register_report(data_copy, SYNTHETIC / "shuangliao_2024.txt", "shuangliao", 2024, SYNTHETIC_SHUANGLIAO)
    data = data_copy.resolve()
    runs, preload = [], set()
    for nb in notebooks():  # the batch notebook first: the pages read what it writes
        per_report = {"region", "year"} <= set(declared_parameters(nb))
        io = declared_io(nb, per_report)
        preload |= set(io.preload)
        for region, year in [("shuangliao", 2023), ("shuangliao", 2024)] if per_report else [(None, None)]:
            params = {"data_dir": str(data), "lang": "zh-Hans"} | ({"region": region, "year": year} if region else {})
            script = tmp_path / f"{nb.stem}-{year}.py"
            script.write_text(as_script(nb, params), encoding="utf-8")
            runs.append((nb, io, region, year, script))
    driver = tmp_path / "trace.py"
    driver.write_text(TRACE, encoding="utf-8")
    scripts = [str(run[-1]) for run in runs]
    done = subprocess.run(
        [sys.executable, driver, ",".join(sorted(preload)), *scripts], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for nb, io, region, year, script in runs:
        opened = json.loads(Path(f"{script}.opened.json").read_text(encoding="utf-8"))
        inside = [(Path(p), mode) for p, mode in opened if Path(p).is_relative_to(data)]
        allowed = {f.resolve() for name in io.reads for f in declared_files(name, data, region, year)}
        outputs = [paths.written_dir(name, data).resolve() for name in io.writes]
        reads = {p for p, mode in inside if not set(mode) & set("wax+")}
        writes = {p for p, mode in inside if set(mode) & set("wax+")}
        assert reads and reads <= allowed | {p for p in reads if any(p.is_relative_to(o) for o in outputs)}, (
            nb.name,
            year,
            sorted(map(str, reads - allowed)),
        )
        assert all(any(p.is_relative_to(o) for o in outputs) for p in writes), (nb.name, sorted(map(str, writes)))
