"""environment.yml installs the same dependencies, with the same version bounds, as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import paths

ROOT = paths.PROJ_ROOT


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m[1].lower().replace("_", "-"), m[2].replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_split(s) for s in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep["pip"]
        else:
            conda.append(dep)
    listed = dict(_split(s) for s in conda + pip if not s.startswith("-e") and not s.startswith(("python", "pip")))
    assert listed == wanted
    assert "-e .[dev]" in pip
    python = next(s for s in conda if s.startswith("python"))
    assert _split(python)[1] == project["requires-python"]
