import pytest

from mayenne_assets.lib.common.text import NotANumber, normalise_label, parse_number, parse_yes_no
from mayenne_assets.lib.common.uai import is_valid_uai, normalise_uai
from mayenne_assets.lib.read.families import not_data_rules

RULES = not_data_rules()


@pytest.mark.parametrize("label", ["Nom du collège", "NOM DU COLLEGE", "Nom du\ncollège", " Nom  du\u00a0collège "])
def test_labels_that_differ_only_in_case_accents_spaces_and_line_breaks_are_one(label):
    assert normalise_label(label) == "nom du college"


@pytest.mark.parametrize(("cell", "expected"), [
    (512, 512.0), ("1 234", 1234.0), ("1\u00a0234", 1234.0), ("1234,0", 1234.0), (" 512 ", 512.0),
    ("1.234,5", 1234.5), (12.0, 12.0),
])
def test_numbers_written_as_text_are_read(cell, expected):
    assert parse_number(cell, RULES.missing_markers) == expected


@pytest.mark.parametrize("cell", [None, "", "-", "–", "nc", "n.c.", "ND", "fermé", "  "])
def test_missing_markers_are_null_never_zero(cell):
    assert parse_number(cell, RULES.missing_markers) is None


def test_text_that_is_not_a_number_is_an_error():
    with pytest.raises(NotANumber):
        parse_number("douze", RULES.missing_markers)


@pytest.mark.parametrize(("mark", "expected"), [
    ("X", True), ("x", True), ("oui", True), ("OUI", True), ("1", True), ("✓", True), (1, True),
    ("", False), (None, False), ("non", False), ("0", False), ("peut-être", None),
])
def test_yes_no_marks(mark, expected):
    assert parse_yes_no(mark, RULES.yes_marks, RULES.no_marks) is expected


@pytest.mark.parametrize("written", ["0530484n", " 0530484N ", "RNE 0530484N", "0530484 N"])
def test_uai_is_normalised(written):
    assert normalise_uai(written) == "0530484N"


def test_uai_key_letter_is_checked():
    assert is_valid_uai("0530484N")
    assert is_valid_uai("0530770Z") and is_valid_uai("0530054W")
    assert not is_valid_uai("0530484M")
    assert not is_valid_uai("053048N")


def test_siren_and_siret_luhn_keys():
    from mayenne_assets.lib.common.luhn import is_siren_or_siret

    assert is_siren_or_siret("225300011") and is_siren_or_siret("22530001100015")
    assert not is_siren_or_siret("225300012") and not is_siren_or_siret("2253000110001")
