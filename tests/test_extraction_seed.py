"""The seed report, checked by hand figure by figure: every figure is found, nothing else is."""

from __future__ import annotations

import pytest

# (indicator_id, value, unit, qualifier, period, number_as_written), in text order, read off the report by hand.
EXPECTED = [
    ("theory_training_sessions", 3, "期", "none", "2023", "3"),
    ("theory_training_attendance", 414, "人次", "none", "2023", "414"),
    ("outreach_events", 84, "场次", "none", "2023", "84"),
    ("outreach_attendance", 20000, "人次", "more_than", "2023", "2万余"),
    ("party_spirit_education_batches", 20, "批次", "none", "2023", "20"),
    ("party_spirit_education_attendance", 2000, "人次", "more_than", "2023", "2000余"),
    ("field_teaching_sites", 12, "个", "none", "2023", "12"),
    ("cadres_trained_out_of_province", 230, "名", "more_than", "2023", "230余"),
    ("out_of_province_training_sessions", 8, "期", "none", "2023", "8"),
    ("first_secretaries_assigned", 207, "名", "none", "2023", "207"),
    ("second_secretaries_assigned", 13, "名", "none", "2023", "13"),
    ("cadres_in_key_posts", 58, "名", "none", "2023", "58"),
    ("township_heads_reassigned", 22, "名", "none", "2023", "22"),
    ("post90_cadres_promoted", 20, "名", "none", "2023", "20"),
    ("unsuitable_township_cadres_moved", 6, "名", "none", "2023", "6"),
    ("village_secretaries_replaced", 3, "名", "none", "2023", "3"),
    ("city_cadres_warned", 17, "名", "none", "2023", "17"),
    ("village_offices_built_or_repaired", 25, "所", "none", "2023-H1", "25"),
    ("village_secretary_reserves", 380, "名", "none", "2023", "380"),
    ("village_secretary_contests", 7, "场", "none", "2023", "7"),
    ("weak_village_orgs_rectified", 7, "个", "none", "2023", "7"),
    ("five_star_villages", 16, "个", "none", "2023", "16"),
    ("five_star_township_committees", 4, "个", "none", "2023", "4"),
    ("resident_cadre_funding", 1848700, "元", "none", "2023", "184.87万"),
    ("first_secretaries_added", 6, "名", "none", "2023", "6"),
    ("members_reporting_to_communities", 3435, "名", "none", "2023", "3435"),
    ("agency_cadres_in_communities", 856, "名", "none", "2023", "856"),
    ("secretary_projects_completed", 51, "个", "none", "2023", "51"),
    ("alliance_list_items_completed", 159, "项", "none", "2023", "159"),
    ("red_heart_property_firms", 4, "家", "none", "2023", "4"),
    ("owners_committees", 164, "个", "none", "2023", "164"),
    ("owners_committees_party_chair", 82, "个", "none", "2023", "82"),
    ("owners_committees_party_majority_share", 100, "%", "none", "2023", "100"),
    ("grid_service_stations", 46, "个", "none", "2023", "46"),
    ("new_sector_party_orgs", 4, "个", "none", "2023", "4"),
    ("stationed_branches", 9, "个", "none", "2023", "9"),
    ("warm_heart_stations", 16, "家", "none", "2023", "16"),
    ("new_orgs_supported", 10, "家", "none", "2023", "10"),
    ("model_sites_new_orgs", 3, "家", "none", "2023", "3"),
    ("vanguard_posts", 42, "个", "none", "2023", "42"),
    ("red_steward_members", 128, "人", "none", "2023", "128"),
    ("red_steward_activities", 139, "次", "none", "2023", "139"),
    ("villages_with_ceremony_councils", 190, "个", "none", "2023", "190"),
    ("cadres_filing_ceremonies", 273, "名", "none", "2023", "273"),
    ("villagers_filing_ceremonies", 1700, "人", "more_than", "2023", "1700余"),
    ("customs_publicity_events", 223, "场次", "none", "2023", "223"),
    ("leaflets_distributed", 40790, "份", "none", "2023", "40790"),
    # 近1000余人: "nearly" and "more than" at once; the safe reading is approximate.
    ("villagers_dissuaded", 1000, "人", "approx", "2023", "近1000余"),
    ("enforcement_duty_list_items", 47, "项", "none", "2023", "47"),
    ("enforcement_staff_under35_share", 4, "%", "none", "2021", "4"),
    ("enforcement_staff_under35_share", 12, "%", "none", "2023", "12"),
    ("household_heads_mediating", 5906, "名", "none", "2023", "5906"),
    ("young_new_members_share", 68.5, "%", "none", "2023", "68.5"),
    ("member_training_attendance", 3200, "人次", "more_than", "2023", "3200余"),
    ("video_channel_columns", 4, "个", "none", "2023", "4"),
    ("videos_published", 8, "期", "none", "2023", "8"),
    ("provincial_tv_features", 3, "期", "none", "2023", "3"),
    ("micro_video_episodes", 14, "期", "none", "2023", "14"),
    ("branch_activities", 70, "场", "more_than", "2023", "70余"),
]

SECTION_COUNTS = {
    "cadres": 17,
    "collective_economy": 8,
    "party_brand": 9,
    "two_new": 8,
    "governance": 10,
    "branches": 7,
}


def test_every_figure_of_the_seed_is_extracted_exactly(seed):
    rows = seed.rows
    got = [
        (r.indicator_id, r.value, r.unit, r.qualifier, r.period, r.number_as_written)
        for r in rows.itertuples(index=False)
    ]
    assert got == [(i, float(v), u, q, p, n) for i, v, u, q, p, n in EXPECTED]


def test_seed_figures_fall_in_the_six_sections(seed):
    assert seed.rows.groupby("section").size().to_dict() == SECTION_COUNTS


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("35岁以下", "threshold"),
        ("三项", "count of the report's own list"),
        ("六项", "count of the report's own list"),
        ("六个", "count of the report's own list"),
        ("四项", "label (inside quotation marks)"),
        ("万人", "label (inside quotation marks)"),
    ],
)
def test_non_indicators_are_skipped_with_a_reason(seed, phrase, reason):
    assert (phrase, reason) in set(map(tuple, seed.skipped[["phrase", "reason"]].to_numpy()))


def test_no_year_label_or_threshold_is_taken_for_an_indicator(seed):
    rows = seed.rows
    # 2021年, 2022年 (dates), 90后 (generation), 1+8 (model), 35岁 (threshold), 二十大, 五星级, 一是 ...
    assert not rows["value"].isin([2021, 2022, 2023, 90, 35, 1]).any()
    assert not rows["unit"].eq("岁").any()
    for label in ("90后", "1+8", "二十大", "五星级", "千村", "一是", "两年"):
        assert not any(label in w for w in rows["number_as_written"])


def test_offsets_point_at_the_figure_in_the_cleaned_text(seed):
    text = seed.cleaned.simplified
    for r in seed.rows.itertuples(index=False):
        span = text[r.start : r.end]
        assert span.startswith(r.number_as_written.rstrip("以上左右")) and span.endswith(r.unit), span
        assert r.source_phrase in text
        assert span in r.source_phrase


def test_the_baseline_and_the_report_year_are_two_observations(seed):
    share = seed.rows[seed.rows["indicator_id"] == "enforcement_staff_under35_share"]
    assert share[["year", "value"]].to_numpy().tolist() == [[2021, 4.0], [2023, 12.0]]
    assert (share["report_year"] == 2023).all()
