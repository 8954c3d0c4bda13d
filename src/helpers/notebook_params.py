"""Read a notebook's `parameters` cell and check and coerce the values a run passes to it."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError

TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
LANGS = ("zh-Hans", "zh-Hant", "en")
LANG_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}  # each in its own script


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: `name: type = default  # help`."""

    name: str
    type: type
    default: Any


def parameters_cell(nb_path: Path) -> str:
    """The source of the single cell tagged `parameters`."""
    try:
        cells = json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        sources = [c["source"] for c in tagged]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # empty, truncated or not a notebook
        raise InputError(nb_path, f"is not a valid notebook ({type(exc).__name__}: {exc})") from None
    if len(tagged) != 1:
        raise InputError(nb_path, f"needs exactly one cell tagged 'parameters' (found {len(tagged)})")
    src = sources[0]
    return "".join(src) if isinstance(src, list) else src


def declared_parameters(nb_path: Path) -> dict[str, Parameter]:
    """Parse the parameters cell: typed literal assignments only."""
    out: dict[str, Parameter] = {}
    try:
        body = ast.parse(parameters_cell(nb_path)).body
    except SyntaxError as exc:
        raise InputError(nb_path, f"parameters cell line {exc.lineno}: {exc.msg}") from None
    for node in body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            raise InputError(nb_path, f"parameters cell line {node.lineno}: write `name: type = literal  # comment`")
        kind = ast.unparse(node.annotation)
        if kind not in TYPES:
            raise InputError(
                nb_path, f"parameters cell line {node.lineno}: type {kind!r} is not one of {', '.join(TYPES)}"
            )
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise InputError(nb_path, f"parameters cell line {node.lineno}: the default must be a literal") from None
        out[node.target.id] = Parameter(node.target.id, TYPES[kind], default)
    return out


def coerce(nb_path: Path, declared: dict[str, Parameter], given: dict[str, Any]) -> dict[str, Any]:
    """Check names against the declared parameters and coerce each value to its declared type."""
    out = {}
    for name, value in given.items():
        if name not in declared:
            raise InputError(
                f"parameter {name!r}",
                f"is not declared by {Path(nb_path).name}; it declares {', '.join(declared) or 'nothing'}",
            )
        want = declared[name].type
        try:
            if want is bool and isinstance(value, str):
                if value.lower() not in ("true", "false"):
                    raise ValueError(value)
                value = value.lower() == "true"
            elif want is int and isinstance(value, float | bool):
                raise ValueError(value)
            elif want is str and not isinstance(value, str):
                raise ValueError(value)  # region codes such as "0110" must arrive as text
            else:
                value = want(value)
        except (TypeError, ValueError):
            raise InputError(f"parameter {name!r}", f"{value!r} is not a valid {want.__name__}") from None
        if name == "lang" and value not in LANGS:
            raise InputError("parameter 'lang'", f"{value!r} is not one of {', '.join(LANGS)}")
        out[name] = value
    return out


@dataclass(frozen=True)
class Io:
    """What a notebook says it reads and writes (names of `paths.READS` and `paths.WRITES`), and the modules a
    kernel may import for it before it runs (`preload`)."""

    reads: tuple[str, ...]
    writes: tuple[str, ...]
    preload: tuple[str, ...] = ()


# A dotted module name: what `import NAME` accepts (and nothing a kernel's start-up line could be tricked by).
MODULE_RE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def declared_io(nb_path: Path, per_report: bool) -> Io:
    """The notebook's `io` metadata, checked; a notebook that declares none reads what its kind reads by default
    (`paths.PER_REPORT_READS` or `paths.COLLECTION_READS`) and writes nothing the runner checks."""
    from . import paths

    try:
        nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(nb_path, f"is not a valid notebook ({type(exc).__name__}: {exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("metadata", {}), dict):
        raise InputError(nb_path, 'is not a valid notebook (its "metadata" must be an object)')
    preload = _preload(nb_path, nb.get("metadata", {}).get("preload", []))
    io = nb.get("metadata", {}).get("io")
    if io is None:
        return Io(paths.PER_REPORT_READS if per_report else paths.COLLECTION_READS, (), preload)
    if not isinstance(io, dict) or set(io) - {"reads", "writes"}:
        raise InputError(nb_path, 'metadata "io" must be {"reads": [names], "writes": [names]}')
    out = {}
    for key, known in (("reads", paths.READS), ("writes", paths.WRITES)):
        names = io.get(key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(nb_path, f'metadata "io" {key!r} must be a list of names')
        for name in names:
            if name not in known:
                raise InputError(nb_path, f'metadata "io" {key}: unknown name {name!r}; known: {", ".join(known)}')
            if name.startswith("region-") and not per_report:
                raise InputError(nb_path, f'metadata "io" {key}: {name!r} needs the parameters region and year')
        out[key] = tuple(dict.fromkeys(names))
    if per_report and out["writes"]:  # pages run in parallel: one writer of a shared folder, run before them
        raise InputError(nb_path, 'metadata "io": a per-report notebook (region, year) cannot declare writes')
    own = [r for r in out["reads"] if paths.WAITS_FOR.get(r) in out["writes"]]
    if own:  # its fingerprint would change with each of its own runs: it would never be skipped
        raise InputError(nb_path, f'metadata "io": it reads {own[0]!r}, which it writes itself')
    return Io(out["reads"], out["writes"], preload)


def _preload(nb_path: Path, names: object) -> tuple[str, ...]:
    """The notebook's `preload` metadata, checked: module names its kernel imports while it boots."""
    if not isinstance(names, list) or not all(isinstance(n, str) and MODULE_RE.fullmatch(n) for n in names):
        raise InputError(nb_path, 'metadata "preload" must be a list of module names, e.g. ["pandas"]')
    return tuple(dict.fromkeys(names))


def as_script(nb_path: Path, params: dict[str, Any]) -> str:
    """The notebook's code as one plain Python script, its parameters set right after its `parameters` cell (what
    papermill injects), with a non-interactive matplotlib: the notebook without Jupyter or HTML."""
    cells = json.loads(Path(nb_path).read_text(encoding="utf-8"))["cells"]
    code = ["import matplotlib\nmatplotlib.use('Agg')"]
    for cell in cells:
        if cell["cell_type"] == "code":
            code.append("".join(cell["source"]))
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                code.append("\n".join(f"{k} = {v!r}" for k, v in params.items()))
    return "\n\n".join(code) + "\n"
