import pytest

from mayenne_assets.lib.read.series_labels import parse_school_year, parse_series_label


@pytest.mark.parametrize("label", [1985, 1985.0, "1985", "Rentrée 1985", "1985-1986", "1985/86", "RS 1985",
                                   "Rentrée\n1985"])
def test_every_spelling_of_a_school_year_column_names_the_autumn_year(label):
    parsed = parse_series_label(label)
    assert parsed is not None and parsed.year == 1985 and parsed.nature is None and not parsed.money


@pytest.mark.parametrize(("label", "year", "nature"), [
    ("Constat 2021", 2021, "constat"), ("Rentrée 2021 (constat)", 2021, "constat"),
    ("Prévision 2022", 2022, "projection"), ("2022 (p)", 2022, "projection"), ("P2023", 2023, "projection"),
])
def test_observed_and_projected_years_are_told_apart(label, year, nature):
    parsed = parse_series_label(label)
    assert (parsed.year, parsed.nature) == (year, nature)


@pytest.mark.parametrize("label", ["Montant 2019-2020", "2019/2020 (€)", "2019-2020 euros"])
def test_amount_columns_carry_a_money_mark(label):
    parsed = parse_series_label(label)
    assert parsed.year == 2019 and parsed.money


@pytest.mark.parametrize("label", ["Évolution (%)", "Évolution 2020-2021", "Moyenne 2019", "1985 1990", "Collège",
                                   "Total", "Part 2020"])
def test_derived_and_other_columns_are_not_years(label):
    assert parse_series_label(label) is None


def test_school_year_in_a_title_or_sheet_name():
    assert parse_school_year("Équipements — année scolaire 2020-2021") == 2020
    assert parse_school_year("2021/22") == 2021
    assert parse_school_year("Année 2020") is None
