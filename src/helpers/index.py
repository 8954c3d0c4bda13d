"""Write reports/index.html: every report by region, year and notebook, with its status and date."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from . import atomic
from .fonts import EMBEDDED_FONT, cjk_font_face
from .notebook_params import LANG_NAMES

# Each row's status in the language of its page (a zh-Hant reader's row is in Traditional script).
STATUS_TEXT = {
    "ok": {"zh-Hans": "✓ 最新", "zh-Hant": "✓ 最新", "en": "✓ up to date"},
    "failed": {"zh-Hans": "✗ 失败", "zh-Hant": "✗ 失敗", "en": "✗ failed"},
    "stale": {
        "zh-Hans": "⚠ 已过期，请运行 make report",
        "zh-Hant": "⚠ 已過期，請執行 make report",
        "en": "⚠ out of date: run make report",
    },
}


def collect(out_dir: Path, stale: set[Path] | frozenset = frozenset()) -> list[dict]:
    """Every recorded run under `out_dir`, sorted by region, year, notebook and language; a record in `stale`
    (its inputs changed since) is marked so, whatever its last status."""
    rows = []
    for state_file in Path(out_dir).rglob(".*.state.json"):
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        html = state_file.parent / state_file.name[1:].replace(".state.json", ".html")
        params = state.get("params", {})
        rows.append(
            {
                "region": str(params.get("region", "")),
                "year": str(params.get("year", "")),
                "notebook": state.get("notebook", ""),
                "lang": params.get("lang", ""),
                "status": "stale" if state_file.resolve() in stale else state.get("status", ""),
                "title": state.get("title", ""),
                "built": state.get("built", ""),
                "cell": state.get("cell"),
                "error": state.get("error", ""),
                "href": html.relative_to(out_dir).as_posix() if html.exists() else "",
            }
        )
    # The batch-level notebook (data preparation) first, then region, year, notebook, language.
    return sorted(rows, key=lambda r: (r["region"] != "", r["region"], r["year"], r["notebook"], r["lang"]))


def render(rows: list[dict], cache_dir: Path | None = None) -> str:
    """The index page as HTML (every value escaped; no script, nothing loaded from elsewhere)."""
    body = []
    for r in rows:
        name = r["title"] or r["notebook"]
        link = f'<a href="{escape(r["href"])}">{escape(name)}</a>' if r["href"] else escape(name)
        words = STATUS_TEXT.get(r["status"], {})
        status = words.get(r["lang"], words.get("en", r["status"]))
        if r["status"] == "failed":
            cell = {"zh-Hans": "（单元格 In [{}]）", "zh-Hant": "（儲存格 In [{}]）"}.get(r["lang"], " at cell In [{}]")
            where = cell.format(r["cell"]) if r["cell"] else ""
            status += f"{where}: {r['error']}"  # the error itself is Python's, in English
        body.append(
            f'<tr class="{escape(r["status"])}"><td>{escape(r["year"])}</td><td>{link}</td>'
            f"<td>{escape(LANG_NAMES.get(r['lang'], r['lang']))}</td>"
            f"<td>{escape(status)}</td><td>{escape(r['built'])}</td></tr>"
        )
    rows_html = (
        "\n".join(body) or '<tr><td colspan="5">No report has been built yet: run <code>make report</code>.</td></tr>'
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>基层党建指标报告 · Grassroots indicators reports</title>
<style>
body {{ font-family: "{EMBEDDED_FONT}", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
       margin: 2em auto; max-width: 960px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .35em .6em; border-bottom: 1px solid #ddd; }}
tr.failed td {{ background: #fdecea; }}
tr.stale td {{ background: #fff4e0; }}
</style>
</head>
<body>
<h1>基层党建指标报告 · Grassroots indicators reports</h1>
<p>Each link opens a self-contained page that works offline. 每个链接都是可离线打开的独立网页。</p>
<table>
<thead><tr><th>Year 年份</th><th>Page 页面</th><th>Language 语言</th>
<th>Status 状态</th><th>Built 生成日期</th></tr></thead>
<tbody>
{rows_html}
</tbody>
</table>
</body>
</html>
"""
    return page.replace("</head>", cjk_font_face(page, cache_dir) + "</head>", 1)


def write_index(out_dir: Path, stale: set[Path] | frozenset = frozenset()) -> Path:
    """Rewrite the index page from the run records under `out_dir` (records in `stale` marked out of date)."""
    out_dir = Path(out_dir)
    rows = collect(out_dir, {Path(p).resolve() for p in stale})
    page, target = render(rows, out_dir / ".cache" / "fonts"), out_dir / "index.html"
    if target.is_file() and target.read_text(encoding="utf-8") == page:
        return target  # unchanged: no write (and no fsync) for a run that had nothing to do
    return atomic.write_text(target, page)
