from __future__ import annotations

import pytest

from mayenne_assets.lib.read.classify import classify
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.workbooks import effectifs_rows, make_xlsx

EXPECTED = {
    "Annuaire des collèges 2021.xlsx": "colleges",
    "Effectifs collèges 1985-2021.xlsx": "effectifs",
    "Prospective effectifs collèges publics 2021-2027.xlsx": "projections",
    "Principaux gestionnaires et conseillers départementaux.xlsx": "principaux",
    "Enseignement supérieur en Mayenne.xlsx": "enseignement_superieur",
    "Équipements informatiques des collèges.xlsx": "equipements",
    "Dispositifs Biclou et CDVC.xlsx": "dispositifs",
}


@pytest.mark.parametrize(("name", "feed"), EXPECTED.items())
def test_every_sample_workbook_is_recognised_by_its_content(name, feed):
    assert classify(SAMPLE_DRIVE / name).feed == feed


def test_the_content_decides_over_the_file_name(tmp_path):
    rows = effectifs_rows(["2021", "Prévision 2022", "2023"])
    path = make_xlsx(tmp_path / "effectifs 2021.xlsx", {"Feuil1": rows})
    assert classify(path).feed == "projections"
    path = make_xlsx(tmp_path / "classeur.xlsx", {"Feuil1": [["Projection des effectifs"], *effectifs_rows()]})
    assert classify(path).feed == "projections"


def test_projected_years_make_a_projection_workbook(tmp_path):
    rows = effectifs_rows(["Constat 2021", "Prévision 2022", "P2023"])
    path = make_xlsx(tmp_path / "classeur.xlsx", {"Feuil1": rows})
    assert classify(path).feed == "projections"


def test_a_file_of_no_family_is_refused_with_what_was_expected(tmp_path):
    path = make_xlsx(tmp_path / "effectifs budget.xlsx", {"Feuil1": [["Poste", "Montant"], ["Chauffage", 1200]]})
    result = classify(path)
    assert result.feed is None
    assert "effectifs budget.xlsx" in result.reason and "aucun onglet n'a de ligne d'en-tête" in result.reason
    assert "Collège" in result.reason  # the name hints at enrolments: their labels are listed


def test_a_file_with_tables_of_two_families_is_refused(tmp_path):
    path = make_xlsx(tmp_path / "tout.xlsx", {
        "Effectifs": effectifs_rows(),
        "Principaux": [["Collège", "Commune", "Nom du principal"], ["Alain Gerbault", "Laval", "Dupont"]],
    })
    result = classify(path)
    assert result.feed is None and "plusieurs sortes" in result.reason
    assert "effectifs" in result.reason and "principaux" in result.reason


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    assert classify(path).feed is None
