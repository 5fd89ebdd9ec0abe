import model
from model import PLAYBOOK


def test_five_lessons_each_with_a_lens_a_preset_and_sourced_figures():
    assert len(PLAYBOOK) == 5
    for lesson in PLAYBOOK:
        assert lesson.title and 0 < lesson.summary.count(".") <= 2
        assert lesson.figures
        for figure in lesson.figures:
            assert figure.tags in (("article",), ("record",), ("article", "record"))
            assert not figure.record or figure.source  # a record always names its source
        getattr(model, lesson.lens)(lesson.plan)  # the preset runs through its lens


def test_a_figure_from_both_says_which_is_which():
    sold = PLAYBOOK[3].figures[0]
    assert sold.text.startswith("over 100 million smartphones sold in 2014 (article) vs 61.12 M")
    assert sold.text.endswith("(record, Lei Jun, 4 Jan 2015, reported by Xinhua / People's Daily)")


def test_lesson_1_is_priced_at_cost_and_loses_once_everything_is_counted():
    result = model.margins(PLAYBOOK[0].plan)
    assert result.at_cost and result.at_launch.fully_loaded_per_unit < 0


def test_lesson_2_hardware_loses_at_launch_and_services_add_value():
    assert model.margins(PLAYBOOK[1].plan).at_launch.fully_loaded_per_unit < 0
    result = model.services(PLAYBOOK[1].plan)
    assert result.lifetime_value > result.hardware_margin


def test_every_input_and_result_is_tagged():
    for lesson in PLAYBOOK:
        assert set(lesson.inputs) == set(model.FIELDS)
        assert {tagged.tag for tagged in lesson.inputs.values()} <= {"record", "article",
                                                                     "assumption"}  # fmt: skip
        assert all(tagged.why for tagged in lesson.inputs.values())
        assert lesson.result_tag.tag == "assumption" and "tooling" in lesson.result_tag.why


def test_preset_figures_agree_with_the_cited_record():
    channel = PLAYBOOK[2].plan
    assert 0.05 <= channel.retail_margin <= 0.08  # the retailer takes 5-8%
    assert channel.distributor_margin / 2 <= 0.05  # two layers, each 2-5%
    rabbits = PLAYBOOK[1].figures[0]
    assert "not confirmed" in rabbits.record and "forecast" in rabbits.record


def test_lesson_3_direct_funds_a_price_cut_like_the_records_20_percent():
    result = model.direct_sales(PLAYBOOK[2].plan)
    dearer_offline = result.shelf_price_retail / result.shelf_price_direct - 1
    assert 0.15 < dearer_offline < 0.25  # "offline phones about 20% dearer"


def test_lesson_4_word_of_mouth_reaches_critical_mass_within_the_horizon():
    own = model.growth(PLAYBOOK[3].plan).curves[0]
    assert own.months_to_critical < PLAYBOOK[3].plan.horizon_months
    assert own.q / own.p > 10  # word of mouth: small p, large q/p


def test_lesson_5_critical_mass_in_6_to_12_months_and_a_10_to_15_percent_margin_after_a_year():
    plan = PLAYBOOK[4].plan
    result = model.critical_mass(plan)
    assert result.unit_margin[1] < 0
    assert 6 <= result.critical_mass_month <= 12  # the record: a margin after a year
    assert 0.10 <= result.unit_margin[12] / plan.price <= 0.15
    assert result.break_even_month is not None
