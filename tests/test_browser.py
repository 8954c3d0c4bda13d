"""The HTML exports in a real browser (headless Chromium) with the network blocked: they render, offline.

Needs Debian's `chromium` (`.ci/run` installs it). Outside CI the test is skipped when Chromium is missing;
in CI (CI=true) a missing browser is a failure. Screenshots go to reports/test-screenshots/ for a person to look at.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import paths

pytestmark = [pytest.mark.notebooks, pytest.mark.browser]
# Three or more English words in a row: prose. Commands, file names and addresses have no spaces between words.
ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = paths.PROJ_ROOT / "reports" / "test-screenshots"
OFFLINE = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Every host resolves to nothing and every connection goes to a closed port: the page gets no network.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
]
PROBE = """<!DOCTYPE html><html><body>
<iframe id="f" src="{src}" style="width:1100px;height:3000px"></iframe><pre id="out">pending</pre>
<script>
document.getElementById('f').addEventListener('load', async () => {{
  const d = document.getElementById('f').contentDocument;
  await d.fonts.ready;
  const imgs = [...d.images];
  document.getElementById('out').textContent = JSON.stringify({{
    images: imgs.length,
    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    loadedFonts: [...d.fonts].filter(x => x.status === 'loaded').map(x => x.family.replace(/"/g, '')),
    cjkCovered: d.fonts.check('16px "Report CJK"', '{sample}'),
    scripts: d.scripts.length,
    text: d.body.innerText,
  }});
}});
</script></body></html>"""


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run should have installed Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def exported(seed_pages) -> Path:
    """The seed's pages, built once for the session (tests/conftest.py)."""
    return seed_pages[0]


def probe(chromium: str, page: Path, sample: str, tmp: Path) -> dict:
    wrapper = tmp / f"probe-{page.stem}.html"
    wrapper.write_text(PROBE.format(src=page.as_uri(), sample=sample), encoding="utf-8")
    proc = subprocess.run(
        [
            chromium,
            *OFFLINE,
            f"--user-data-dir={tmp / 'profile'}",
            "--allow-file-access-from-files",
            "--virtual-time-budget=15000",
            "--dump-dom",
            wrapper.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    m = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-2000:]
    return json.loads(html.unescape(m.group(1)))


def screenshot(chromium: str, page: Path, tmp: Path) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{page.parent.name}-{page.stem}.png" if page.name != "index.html" else SHOTS / "index.png"
    subprocess.run(
        [
            chromium,
            *OFFLINE,
            f"--user-data-dir={tmp / 'profile-shot'}",
            "--window-size=1100,1800",
            "--virtual-time-budget=10000",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return shot


@pytest.mark.parametrize(
    ("page", "sample", "words"),
    [
        ("shuangliao/2023/30-year-on-year.zh-Hans.html", "执法人员占比", ["35岁以下执法人员占比", "+8个百分点"]),
        ("shuangliao/2023/20-overview.zh-Hans.html", "选派干部到村担任第一书记", ["选派207名干部到村担任第一书记"]),
        ("shuangliao/2023/30-year-on-year.en.html", "执法人员", ["Share of law-enforcement staff under 35", "+8 pp"]),
        ("all/10-clean-indicators.zh-Hans.html", "進黨校活動", ["進黨校”活動"]),
        ("index.html", "基层党建指标报告", ["基层党建指标报告", "双辽市2023年 · 同比变化", "English"]),
    ],
)
def test_export_renders_offline_with_charts_and_chinese(chromium, exported, tmp_path, page, sample, words):
    path = exported / page
    result = probe(chromium, path, sample, tmp_path)
    assert result["scripts"] == 0  # nothing to run, nothing fetched
    assert result["decoded"] == result["images"]  # every chart shows (embedded, not fetched)
    if "10-clean" not in page and page != "index.html":
        assert result["images"] >= 1
    assert "Report CJK" in result["loadedFonts"] and result["cjkCovered"]  # Chinese drawn with the embedded font
    for w in words:
        assert w in result["text"], w
    if ".zh-Hans." in page:  # a Chinese reader meets no English sentence (commands and file names aside)
        assert not ENGLISH_PROSE.findall(result["text"]), ENGLISH_PROSE.findall(result["text"])[:5]
    shot = screenshot(chromium, path, tmp_path)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
