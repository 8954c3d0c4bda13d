"""Every path the project uses, resolved from the repository root (never from the working directory)."""

from __future__ import annotations

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJ_ROOT / "data"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
COLLECTION = "all"  # folder under reports/ for the pages of notebooks that cover every report at once


def raw_dir(data_dir: Path = DATA_DIR) -> Path:
    """Folder of immutable inputs: report texts, their provenance, the catalog, corrections."""
    return Path(data_dir) / "raw"


def processed_dir(data_dir: Path = DATA_DIR) -> Path:
    """Folder of generated tidy data."""
    return Path(data_dir) / "processed"


def reports_raw_dir(data_dir: Path = DATA_DIR) -> Path:
    """Folder holding one sub-folder per region with one `<year>.txt` per report."""
    return raw_dir(data_dir) / "reports"


def manifest_path(data_dir: Path = DATA_DIR) -> Path:
    """Provenance manifest: one row per raw report."""
    return reports_raw_dir(data_dir) / "manifest.csv"


def catalog_path(data_dir: Path = DATA_DIR) -> Path:
    """Catalog of stable indicator ids."""
    return raw_dir(data_dir) / "catalog.csv"


def sections_path(data_dir: Path = DATA_DIR) -> Path:
    """Table of the report sections the catalog refers to."""
    return raw_dir(data_dir) / "sections.csv"


def slogans_path(data_dir: Path = DATA_DIR) -> Path:
    """Fixed phrases whose numerals count nothing (四个意识, 三会一课): never figures."""
    return raw_dir(data_dir) / "slogans.csv"


def regions_path(data_dir: Path = DATA_DIR) -> Path:
    """Per-region settings (optional): the headline indicator of each place's pages."""
    return raw_dir(data_dir) / "regions.csv"


def decisions_path(data_dir: Path = DATA_DIR) -> Path:
    """People's decisions on year-to-year links: a pair is the same indicator, or is not."""
    return raw_dir(data_dir) / "links.csv"


def report_text_path(region: str, year: int, data_dir: Path = DATA_DIR) -> Path:
    """Raw text of one report."""
    return reports_raw_dir(data_dir) / region / f"{year}.txt"


def corrections_path(region: str, year: int, data_dir: Path = DATA_DIR) -> Path:
    """Manual corrections for one report (may not exist)."""
    return reports_raw_dir(data_dir) / region / f"{year}.corrections.csv"


def indicators_csv(data_dir: Path = DATA_DIR) -> Path:
    """The tidy dataset of every indicator of every report."""
    return processed_dir(data_dir) / "indicators.csv"


def links_csv(data_dir: Path = DATA_DIR) -> Path:
    """Every year-to-year link between figures, with its confidence and whether it is settled."""
    return processed_dir(data_dir) / "links.csv"


def repairs_csv(data_dir: Path = DATA_DIR) -> Path:
    """The repair log of every report."""
    return processed_dir(data_dir) / "repairs.csv"


def cleaned_text_path(region: str, year: int, data_dir: Path = DATA_DIR) -> Path:
    """Cleaned, Simplified-Chinese text of one report."""
    return processed_dir(data_dir) / "texts" / region / f"{year}.txt"


def resolve_data_dir(data_dir: str | Path = "", what: str = "parameter 'data_dir'") -> Path:
    """The data folder a notebook parameter (or `what`: the command's option) names ('' means the repository's
    data/); it must exist."""
    from .errors import InputError

    path = Path(data_dir).resolve() if str(data_dir) else DATA_DIR
    if not (path / "raw").is_dir():
        raise InputError(what, f"{path} is not a data folder (it has no raw/ sub-folder)")
    return path


def page_folder(region: str | None = None, year: int | None = None) -> str:
    """Folder of a page under reports/: `<region>/<year>`, or `all` for a notebook that covers every report."""
    return f"{region}/{year}" if region else COLLECTION


def page_file(notebook: str, lang: str) -> str:
    """File name of a notebook's page in one language."""
    return f"{notebook}.{lang}.html"


def page_href(here: str, folder: str, notebook: str, lang: str) -> str:
    """Relative link from a page in folder `here` to a notebook's page in `folder` (both under reports/)."""
    up = "../" * len(here.split("/"))
    return f"{up}{folder}/{page_file(notebook, lang)}"


def index_href(here: str) -> str:
    """Relative link from a page in folder `here` to reports/index.html."""
    return "../" * len(here.split("/")) + "index.html"


# What a notebook may declare that it reads or writes (notebook metadata `io`: {"reads": [...], "writes": [...]}).
# The runner orders notebooks and fingerprints pages from these names alone; this table says what each covers.
READS = {
    "raw": "every file under raw/ (texts, manifest, corrections, decisions, reference tables)",
    "reference": "the shared tables under raw/: catalog.csv, sections.csv, slogans.csv, regions.csv",
    "region-reports": "the page's region up to its year: report texts, corrections, manifest rows and decisions",
    "region-processed": "the page's region up to its year: its rows of processed/indicators.csv and links.csv",
    "processed": "every file under processed/ (every region and year: a summary of the whole collection)",
}
WRITES = {"processed": "the processed/ folder"}
# Which write each read waits for: a notebook reading one of these runs after the notebook that writes it, and
# does not run when that one failed.
WAITS_FOR = {"processed": "processed", "region-processed": "processed"}
PER_REPORT_READS = ("reference", "region-reports", "region-processed")  # a page that declares nothing
COLLECTION_READS = ("raw",)  # a collection notebook that declares nothing


def written_dir(name: str, data_dir: Path = DATA_DIR) -> Path:
    """The folder a declared output name stands for."""
    return {"processed": processed_dir(data_dir)}[name]
