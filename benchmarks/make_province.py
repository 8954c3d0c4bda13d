"""Generate a synthetic province for the batch benchmark: N counties × Y years of made-up work reports.

Usage: python benchmarks/make_province.py OUT_DATA_DIR [--counties 32] [--years 3] [--seed 1]

Every report is written from the same templates in the style of the seed (sections opened by 聚力…, counts,
shares after counts, money in 万元, approximate words, a stated baseline, a target), with values drawn at random
(seeded, so the province is the same on every machine) and registered with `synthetic=true`: **no figure in it is
real**. The catalog, sections and slogans are the project's frozen test copies.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

from helpers.sources import register_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "data" / "raw"
SECTIONS = [
    "聚力基层干部提能",
    "聚力集体经济提速",
    "聚力党建品牌提质",
    "聚力“两个覆盖”提升",
    "聚力基层治理提效",
    "聚力支部建设提标",
]


def report_text(county: int, year: int, rng: random.Random) -> str:
    """One made-up report: about 30 figures in six sections, growing a little from year to year."""
    g = 1 + 0.05 * (year - 2021)
    r = lambda lo, hi: int(rng.randint(lo, hi) * g)  # noqa: E731
    share_then, share_now = rng.randint(3, 9), rng.randint(10, 20)
    lines = [f"以“六个聚力”推动基层党建工作质量整体提升（第{county}县）"]
    lines += [
        f"{SECTIONS[0]}。全覆盖选派{r(150, 260)}名干部到村担任第一书记、党建指导员，"
        f"举办学习贯彻党的二十大精神专题轮训班{r(2, 5)}期，参训{r(300, 500)}人次，"
        f"选派{r(150, 260)}余名干部赴外省开展专业化培训。",
        f"目前35岁以下执法人员占比由{year - 2}年的{share_then}%提升到{share_now}%。",
        f"{SECTIONS[1]}。上半年新建、维修村部{r(20, 40)}所，"
        f"落实驻村干部相关经费{rng.randint(100, 300)}.{rng.randint(10, 99)}万元，"
        f"集体经济收入超过50万元的村达到{r(10, 30)}个。",
        f"{SECTIONS[2]}。打造“五星级”村{r(10, 20)}个、乡镇党委{r(2, 6)}个，建成网格党群服务站{r(30, 60)}个，"
        f"培训党员{r(2000, 4000)}余人次。",
        f"{SECTIONS[3]}。推动成立新兴领域党组织{r(2, 8)}个、派驻支部{r(5, 12)}个，组建业主委员会{r(100, 200)}个，"
        f"其中主任由党员担任的{r(50, 100)}个。",
        f"{SECTIONS[4]}。{r(3000, 4000)}名党员到社区报到，常态化选派{r(600, 900)}名机关干部下沉社区，"
        f"发放宣传单{r(30000, 50000)}份，"
        f"有效劝导近{r(800, 1200)}人。",
        f"{SECTIONS[5]}。整顿提升软弱涣散村党组织{r(4, 10)}个，储备村书记后备干部{r(300, 450)}名，重大节日期间开展活动"
        f"{r(50, 90)}余场。力争到{year + 2}年村党组织书记后备人选达到{r(500, 600)}名。",
    ]
    return "\n".join(lines) + "\n"


def make_province(data: Path, counties: int, years: int, seed: int = 1) -> list[tuple[str, int]]:
    """Write a data folder holding `counties` × `years` synthetic reports; return (region, year) of each."""
    rng = random.Random(seed)
    if data.exists():
        shutil.rmtree(data)
    (data / "processed").mkdir(parents=True)
    (data / "raw" / "reports").mkdir(parents=True)
    for name in ("catalog.csv", "sections.csv", "slogans.csv"):
        shutil.copy(FIXTURE_RAW / name, data / "raw" / name)
    manifest = "region,year,region_zh,region_en,province_zh,province_en,title,author,organisation,published,url,"
    manifest += "accessed,sha256,synthetic,notes\n"
    (data / "raw" / "reports" / "manifest.csv").write_text(manifest, encoding="utf-8")
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        for c in range(1, counties + 1):
            for y in range(2024 - years, 2024):
                text = Path(tmp) / f"c{c}_{y}.txt"
                text.write_text(report_text(c, y, rng), encoding="utf-8")
                meta = {
                    "title": f"第{c}县{y}年组织工作总结（合成）",
                    "organisation": f"中共第{c}县委组织部",
                    "region_zh": f"第{c}县",
                    "region_en": f"County {c}",
                    "synthetic": "true",
                    "notes": "made up for the benchmark; not real data",
                }
                register_report(data, text, f"county{c:03d}", y, meta, accessed="2026-11-27")
                made.append((f"county{c:03d}", y))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--counties", type=int, default=32)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = make_province(args.out, args.counties, args.years, args.seed)
    print(f"{args.out}: {len(made)} synthetic reports", file=sys.stderr)


if __name__ == "__main__":
    main()
