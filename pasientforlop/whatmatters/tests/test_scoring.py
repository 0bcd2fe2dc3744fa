from datetime import date
from fractions import Fraction

import pytest

from pasientforlop.whatmatters.scoring import (
    DEFAULT_CHECKLIST_ITEMS,
    DEFAULT_FORM_VERSION,
    DEFAULT_LIFE_AREAS,
    FORM_VERSIONS,
    MEAN_KEY,
    PSFS_0_10,
    REVERSED_0_10,
    TOOLKIT_1_10,
    Activity,
    ChecklistStatus,
    ClinicalChange,
    Conversation,
    FormVersion,
    Fulfilment,
    MixedVersionsError,
    WhatMattersForm,
    activity_changes,
    benefit,
    classify,
    compare,
    format_number,
    format_percent,
    fulfilment,
    mean,
    validate_form,
)

FIRST_DAY = date(2028, 3, 1)
SECOND_DAY = date(2028, 5, 1)
ACTIVITIES = (
    Activity("a", "Handle mat selv"),
    Activity("b", "Gå tur med hunden"),
    Activity("c", "Lage middag"),
    Activity("d", "Møte venner"),
)
DONE = ChecklistStatus.DONE
NOT_RELEVANT = ChecklistStatus.NOT_RELEVANT
NOT_DONE = ChecklistStatus.RELEVANT_NOT_DONE


def talk(
    scores: dict[str, int],
    version: FormVersion = TOOLKIT_1_10,
    held_on: date = FIRST_DAY,
) -> Conversation:
    return Conversation(held_on, version.key, scores)


def form(*conversations: Conversation, activities=ACTIVITIES, version=TOOLKIT_1_10):
    return WhatMattersForm(version, tuple(activities), conversations)


SEED_FIRST = talk({"a": 1, "b": 4, "c": 1, "d": 2})
SEED_SECOND = talk({"a": 5, "b": 6, "c": 4, "d": 5}, held_on=SECOND_DAY)


# --- the seed's worked example -------------------------------------------------------------


def test_it_reproduces_the_seed_mean_of_the_first_conversation():
    assert mean(SEED_FIRST) == 2
    assert format_number(mean(SEED_FIRST)) == "2,0"


def test_it_reproduces_the_seed_mean_of_the_second_conversation():
    assert mean(SEED_SECOND) == 5
    assert format_number(mean(SEED_SECOND)) == "5,0"


def test_it_reproduces_the_seed_benefit_of_three_points():
    gain = benefit(TOOLKIT_1_10, SEED_FIRST, SEED_SECOND)
    assert gain == 3
    assert format_number(gain) == "3,0"
    assert format_number(gain, signed=True) == "+3,0"


def test_it_reproduces_the_seed_checklist_of_eight_points_out_of_ten():
    statuses = [DONE] * 6 + [NOT_RELEVANT] * 2 + [NOT_DONE] * 2
    result = fulfilment(statuses)
    assert result == Fulfilment(8, 10, Fraction(80))
    assert format_percent(result.percent) == "80 %"


# --- means -------------------------------------------------------------------------------------


def test_it_keeps_means_exact():
    assert mean(talk({"a": 1, "b": 2, "c": 2})) == Fraction(5, 3)
    assert format_number(Fraction(5, 3)) == "1,7"


def test_it_counts_only_the_activities_scored_in_a_conversation():
    assert mean(talk({"a": 3, "c": 6})) == Fraction(9, 2)


def test_it_gives_no_mean_for_an_empty_conversation():
    assert mean(talk({})) is None
    assert format_number(None) == "–"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(9, 4), "2,3"),
        (Fraction(-9, 4), "-2,3"),
        (Fraction(-1, 30), "0,0"),
        (Fraction(10), "10,0"),
        (Fraction(1, 20), "0,1"),
        (0, "0,0"),
    ],
)
def test_it_shows_one_decimal_with_a_comma_rounding_half_away_from_zero(value, shown):
    assert format_number(value) == shown


def test_it_signs_only_non_zero_values_on_request():
    assert format_number(Fraction(-3, 2), signed=True) == "-1,5"
    assert format_number(Fraction(0), signed=True) == "0,0"


def test_it_shows_percentages_with_a_space_before_the_sign():
    assert format_percent(Fraction(200, 3)) == "67 %"
    assert format_percent(Fraction(200, 3), decimals=1) == "66,7 %"
    assert format_percent(None) == "–"


# --- change and benefit ------------------------------------------------------------------------


def test_it_reports_the_change_per_activity():
    changes = {c.activity_key: c for c in activity_changes(TOOLKIT_1_10, SEED_FIRST, SEED_SECOND)}
    assert (changes["a"].before, changes["a"].after, changes["a"].change) == (1, 5, 4)
    assert changes["a"].benefit == 4
    assert changes["b"].change == 2


def test_it_compares_only_activities_scored_in_both_conversations():
    before = talk({"a": 2, "b": 3})
    after = talk({"b": 7, "c": 9}, held_on=SECOND_DAY)
    assert [c.activity_key for c in activity_changes(TOOLKIT_1_10, before, after)] == ["b"]
    assert benefit(TOOLKIT_1_10, before, after) == Fraction(8) - Fraction(5, 2)


def test_it_gives_no_benefit_when_a_conversation_has_no_scores():
    assert benefit(TOOLKIT_1_10, talk({}), SEED_SECOND) is None
    report = compare(TOOLKIT_1_10, SEED_FIRST, talk({}))
    assert (report.benefit, report.mean_clinical) == (None, ClinicalChange.NOT_IMPORTANT)


def test_it_reports_a_fall_in_score_as_negative_benefit_when_higher_is_better():
    assert benefit(PSFS_0_10, talk({"a": 6}, PSFS_0_10), talk({"a": 4}, PSFS_0_10)) == -2


def test_it_reports_a_fall_in_score_as_positive_benefit_on_a_reversed_scale():
    before = talk({"a": 8, "b": 6}, REVERSED_0_10)
    after = talk({"a": 3, "b": 5}, REVERSED_0_10)
    assert benefit(REVERSED_0_10, before, after) == 3
    [a, b] = activity_changes(REVERSED_0_10, before, after)
    assert (a.change, a.benefit, a.clinical) == (-5, 5, ClinicalChange.IMPROVEMENT)
    assert (b.change, b.benefit) == (-1, 1)


def test_it_reports_a_rise_in_score_as_a_worsening_on_a_reversed_scale():
    before = talk({"a": 2}, REVERSED_0_10)
    after = talk({"a": 5}, REVERSED_0_10)
    report = compare(REVERSED_0_10, before, after)
    assert report.benefit == -3
    assert report.worsenings == (MEAN_KEY, "a")
    assert report.improvements == ()


def test_it_refuses_to_compare_scores_from_different_versions():
    with pytest.raises(MixedVersionsError, match="kan ikke blandes"):
        benefit(TOOLKIT_1_10, talk({"a": 1}), talk({"a": 3}, PSFS_0_10))
    with pytest.raises(MixedVersionsError):
        activity_changes(PSFS_0_10, talk({"a": 1}), talk({"a": 3}))


# --- clinically important change ---------------------------------------------------------------


def test_it_flags_a_mean_change_of_exactly_the_threshold():
    before, after = talk({"a": 2, "b": 2}), talk({"a": 4, "b": 4})
    report = compare(TOOLKIT_1_10, before, after)
    assert report.mean_clinical == ClinicalChange.IMPROVEMENT
    assert report.clinically_important
    assert report.improvements == (MEAN_KEY,)


def test_it_does_not_flag_a_mean_change_just_below_the_threshold():
    before = talk({"a": 2, "b": 2, "c": 2})
    after = talk({"a": 4, "b": 4, "c": 3})  # + 5/3
    report = compare(TOOLKIT_1_10, before, after)
    assert report.benefit == Fraction(5, 3)
    assert report.mean_clinical == ClinicalChange.NOT_IMPORTANT
    assert not report.clinically_important


def test_it_flags_one_activity_changing_by_exactly_the_activity_threshold():
    before = talk({"a": 5, "b": 5, "c": 5, "d": 5})
    after = talk({"a": 8, "b": 5, "c": 5, "d": 5})
    report = compare(TOOLKIT_1_10, before, after)
    assert report.mean_clinical == ClinicalChange.NOT_IMPORTANT
    assert report.improvements == ("a",)
    assert report.clinically_important


def test_it_does_not_flag_an_activity_changing_just_below_the_activity_threshold():
    report = compare(TOOLKIT_1_10, talk({"a": 5, "b": 5}), talk({"a": 7, "b": 4}))
    assert [c.clinical for c in report.activities] == [ClinicalChange.NOT_IMPORTANT] * 2
    assert not report.clinically_important


def test_it_flags_a_worsening_on_one_activity():
    report = compare(TOOLKIT_1_10, talk({"a": 9, "b": 5}), talk({"a": 6, "b": 5}))
    assert report.worsenings == ("a",)
    assert report.improvements == ()


def test_it_reports_improvement_and_worsening_side_by_side():
    report = compare(TOOLKIT_1_10, talk({"a": 2, "b": 9}), talk({"a": 9, "b": 5}))
    assert report.improvements == ("a",)
    assert report.worsenings == ("b",)
    assert report.mean_clinical == ClinicalChange.NOT_IMPORTANT


def test_it_uses_the_thresholds_of_the_form_version():
    strict = FormVersion("strict", "Streng", 1, 10, True, Fraction(1, 2), Fraction(1))
    before, after = talk({"a": 5}, strict), talk({"a": 6}, strict)
    assert compare(strict, before, after).improvements == (MEAN_KEY, "a")


@pytest.mark.parametrize(
    ("gain", "expected"),
    [
        (Fraction(2), ClinicalChange.IMPROVEMENT),
        (Fraction(-2), ClinicalChange.WORSENING),
        (Fraction(199, 100), ClinicalChange.NOT_IMPORTANT),
        (Fraction(-199, 100), ClinicalChange.NOT_IMPORTANT),
        (None, ClinicalChange.NOT_IMPORTANT),
    ],
)
def test_it_classifies_a_benefit_against_the_threshold(gain, expected):
    assert classify(gain, Fraction(2)) == expected


# --- form versions -----------------------------------------------------------------------------


def test_it_defaults_to_the_toolkit_scale_of_one_to_ten_higher_better():
    assert DEFAULT_FORM_VERSION is TOOLKIT_1_10
    assert (TOOLKIT_1_10.scale_min, TOOLKIT_1_10.scale_max) == (1, 10)
    assert TOOLKIT_1_10.higher_is_better
    assert (TOOLKIT_1_10.mean_threshold, TOOLKIT_1_10.activity_threshold) == (2, 3)


def test_it_provides_the_psfs_and_the_reversed_versions():
    assert (PSFS_0_10.scale_min, PSFS_0_10.scale_max, PSFS_0_10.higher_is_better) == (0, 10, True)
    assert REVERSED_0_10.higher_is_better is False
    assert set(FORM_VERSIONS) == {TOOLKIT_1_10.key, PSFS_0_10.key, REVERSED_0_10.key}


def test_it_rejects_a_version_with_an_empty_scale():
    with pytest.raises(ValueError, match="Skalaens minste verdi"):
        FormVersion("x", "X", 5, 5, True)


def test_it_rejects_a_version_with_a_threshold_of_zero():
    with pytest.raises(ValueError, match="større enn null"):
        FormVersion("x", "X", 0, 10, True, mean_threshold=Fraction(0))


# --- validation --------------------------------------------------------------------------------


def test_it_accepts_the_seed_form():
    assert validate_form(form(SEED_FIRST, SEED_SECOND)) == []


@pytest.mark.parametrize(
    ("version", "lowest", "highest"), [(TOOLKIT_1_10, 1, 10), (PSFS_0_10, 0, 10)]
)
def test_it_accepts_scores_at_both_ends_of_the_scale(version, lowest, highest):
    conversation = talk({"a": lowest, "b": highest}, version)
    assert validate_form(form(conversation, version=version)) == []


def test_it_rejects_a_score_just_below_the_scale():
    assert validate_form(form(talk({"a": 0}))) == [
        "Samtale 1: skåren 0 for «Handle mat selv» er utenfor skalaen 1–10."
    ]


def test_it_rejects_a_score_just_above_the_scale():
    assert validate_form(form(talk({"b": 11}))) == [
        "Samtale 1: skåren 11 for «Gå tur med hunden» er utenfor skalaen 1–10."
    ]


@pytest.mark.parametrize("score", [2.5, "3", True])
def test_it_rejects_a_score_that_is_not_a_whole_number(score):
    assert validate_form(form(talk({"a": score}))) == [
        f"Samtale 1: skåren {score} for «Handle mat selv» må være et helt tall."
    ]


def test_it_rejects_a_score_for_an_activity_not_on_the_form():
    assert validate_form(form(talk({"z": 5}))) == [
        "Samtale 1 har en skåre for en ukjent aktivitet."
    ]


@pytest.mark.parametrize("text", ["", "  "])
def test_it_rejects_an_empty_activity_text(text):
    activities = (Activity("a", "Handle mat selv"), Activity("b", text))
    assert validate_form(form(activities=activities)) == ["Aktivitet 2 mangler tekst."]


def test_it_rejects_a_form_without_activities():
    assert validate_form(form(activities=())) == ["Skjemaet må ha minst én aktivitet."]


def test_it_accepts_one_and_ten_activities():
    ten = tuple(Activity(str(i), f"Aktivitet {i}") for i in range(10))
    assert validate_form(form(activities=ten[:1])) == []
    assert validate_form(form(activities=ten)) == []


def test_it_rejects_more_than_ten_activities():
    eleven = tuple(Activity(str(i), f"Aktivitet {i}") for i in range(11))
    assert validate_form(form(activities=eleven)) == [
        "Skjemaet kan ha høyst 10 aktiviteter (har 11)."
    ]


def test_it_rejects_a_conversation_dated_before_the_previous_one():
    later = talk({"a": 3}, held_on=SECOND_DAY)
    earlier = talk({"a": 5}, held_on=date(2028, 4, 30))
    assert validate_form(form(later, earlier)) == [
        "Samtale 2 (30.04.2028) kan ikke være før samtale 1 (01.05.2028)."
    ]


def test_it_accepts_two_conversations_on_the_same_day():
    assert validate_form(form(talk({"a": 3}), talk({"a": 5}))) == []


def test_it_rejects_scores_from_another_form_version():
    assert validate_form(form(SEED_FIRST, talk({"a": 5}, PSFS_0_10, SECOND_DAY))) == [
        "Samtale 2: Skårer fra skjemaversjon «psfs-0-10» kan ikke blandes med skjemaversjon "
        "«toolkit-1-10»."
    ]


# --- collaboration checklist -------------------------------------------------------------------


def test_it_gives_a_point_for_done_and_for_not_relevant():
    assert fulfilment([DONE, NOT_RELEVANT, NOT_DONE]) == (2, 3, Fraction(200, 3))


def test_it_gives_no_point_for_an_unanswered_item():
    assert fulfilment([DONE, None]) == (1, 2, Fraction(50))


def test_it_gives_full_marks_when_every_item_is_done():
    points, max_points, percent = fulfilment([DONE] * 10)
    assert (points, max_points, percent) == (10, 10, 100)


def test_it_has_no_percentage_for_a_checklist_without_items():
    assert fulfilment([]) == Fulfilment(0, 0, None)
    assert format_percent(fulfilment([]).percent) == "–"


def test_it_uses_the_teams_own_item_count():
    result = fulfilment([DONE, DONE, NOT_RELEVANT, NOT_DONE, NOT_DONE, NOT_DONE, NOT_DONE])
    assert result == (3, 7, Fraction(300, 7))
    assert format_percent(result.percent) == "43 %"


def test_it_accepts_statuses_from_a_generator():
    assert fulfilment(s for s in [DONE, NOT_DONE]).max_points == 2


def test_it_provides_ten_default_checklist_items_with_the_means_in_items_1_and_9():
    assert [item.number for item in DEFAULT_CHECKLIST_ITEMS] == list(range(1, 11))
    assert DEFAULT_CHECKLIST_ITEMS[0].text == "1. samtale gjennomført og gjennomsnitt registrert"
    assert DEFAULT_CHECKLIST_ITEMS[8].text == "2. samtale gjennomført og gjennomsnitt registrert"
    holders = {item.number: item.holds_mean_of for item in DEFAULT_CHECKLIST_ITEMS}
    assert {n: c for n, c in holders.items() if c is not None} == {1: 1, 9: 2}
    assert all(item.text.strip() for item in DEFAULT_CHECKLIST_ITEMS)


def test_it_provides_the_default_life_areas_of_the_conversation_wheel():
    assert DEFAULT_LIFE_AREAS == (
        "bolig",
        "økonomi",
        "utdanning",
        "arbeid",
        "familie og nettverk",
        "fysisk helse",
        "psykisk helse",
        "aktivitet og fritid",
        "rusmidler",
    )
