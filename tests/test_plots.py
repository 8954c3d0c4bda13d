"""Every chart renders in every language with no missing glyph; PNGs are saved for a person to look at."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import paths, plots
from helpers.compare import compare, series
from helpers.i18n import t
from helpers.present import finding, headline_chart, section_counts

OUT = paths.PROJ_ROOT / "reports" / "test-charts"
LANGS = ["zh-Hans", "zh-Hant", "en"]


@pytest.fixture(scope="module")
def history(seed_linked):
    """The seed plus two made-up later years of the headline share (for the small multiples)."""
    rows = seed_linked[0].copy()
    kept = ["enforcement_staff_under35_share", "first_secretaries_assigned", "resident_cadre_funding"]
    later = rows[rows["indicator_id"].isin(kept)]
    later = later[later["year"] == 2023]
    extra = [
        later.assign(year=y, report_year=y, period=str(y), value=later["value"] + k) for k, y in ((3, 2024), (5, 2025))
    ]
    return pd.concat([rows, *extra], ignore_index=True)


def save(fig, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" is a UserWarning: fail on it
        fig.savefig(OUT / f"{name}.png")
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_renders_without_missing_glyphs(seed, seed_linked, reference, history, lang):
    plots.setup()
    counts = section_counts(seed.rows, reference.sections, lang)
    save(
        plots.figures_per_section(counts, lang, t("n_figures_title", lang, year=2023, n=59), "来源 source"),
        f"sections-{lang}",
    )
    comp = compare(seed_linked[0], "shuangliao", 2023)
    frame, axis, end = headline_chart(comp.head(1), lang)
    save(plots.dumbbell(frame, axis, end, finding(comp.iloc[0], lang), "来源"), f"dumbbell-{lang}")
    money = compare(history, "shuangliao", 2025)
    money = money[money["unit"] == "元"]
    frame, axis, end = headline_chart(money, lang)
    save(plots.dumbbell(frame, axis, end, finding(money.iloc[0], lang), "来源"), f"dumbbell-money-{lang}")
    comp25 = compare(history, "shuangliao", 2025)
    names = [r["name_en"] if lang == "en" else r["name_zh"] for _, r in comp25.iterrows()]
    save(plots.change_bars(comp25, lang, "变化", "来源", names), f"changes-{lang}")
    save(plots.small_multiples(series(history, "shuangliao"), lang, "逐年", "来源"), f"series-{lang}")


def test_a_missing_glyph_would_fail_the_check():
    plots.setup()
    fig, ax = plt.subplots()
    ax.set_title("\U0001f600")  # an emoji no chart font has
    with pytest.raises(UserWarning, match="missing from font"):
        save(fig, "missing-glyph")


@pytest.mark.parametrize(
    ("iid", "lang", "axis", "first_label"),
    [
        ("enforcement_staff_under35_share", "zh-Hans", "占比（%）", "15%\n2024"),
        ("first_secretaries_assigned", "zh-Hans", "数值（名）", "210名\n2024"),
        ("resident_cadre_funding", "zh-Hans", "数值（万元）", "184.87万元\n2025"),
        ("resident_cadre_funding", "en", "Value (thousand yuan)", "1.85 million yuan\n2025"),
    ],
)
def test_the_headline_chart_fits_counts_money_and_shares(history, iid, lang, axis, first_label):
    comp = compare(history, "shuangliao", 2025)
    frame, label, end = headline_chart(comp[comp["indicator_id"] == iid], lang)
    assert label == axis and first_label in (frame["start_label"].iloc[0], frame["end_label"].iloc[0])
    assert frame[["start", "end"]].max().max() < end <= (100 if "%" in axis else float("inf"))


@pytest.mark.parametrize("width", [8, 13, 16, 34])
def test_a_wrapped_title_never_splits_a_number_or_a_word(width):
    from helpers.plots import _wrap

    title = "经费由2023年的184.87万元升至2024年的3260万元，+1663.4%；收入超过10万元的村 (not in the catalog)"
    lines = _wrap(title, width).split("\n")
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    for number in ("184.87万元", "3260万元", "+1663.4%", "catalog"):
        assert any(number in line for line in lines), (number, lines)
    assert not any(line.startswith(("，", "；", "%")) for line in lines)
