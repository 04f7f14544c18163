"""Higher education: one row per establishment and programme, UAIs completed from the reference."""

from __future__ import annotations

from mayenne_assets.lib.publish.coverage import coverage_text
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.generate import date_as_saved
from mayenne_assets.sample.superieur_workbook import establishments
from mayenne_assets.sample.xlsx import SAVED_AT
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import DATASETS, make_settings
from mayenne_assets_tests.support.workbooks import set_cells


def test_higher_education_has_one_row_per_establishment_and_programme(sample_publication):
    settings = sample_publication("enseignement_superieur").settings
    superieur = read_export(settings, "enseignement_superieur")
    assert not superieur.duplicated(["etablissement", "formation"]).any()
    assert len(superieur) == sum(len(e["formations"]) for e in establishments())
    truth = {e["nom"]: e["uai"] for e in establishments()}
    # a third of the sample rows have no UAI: each is filled from the reference, and rightly
    assert (superieur["uai"] == superieur["etablissement"].map(truth)).all()


def test_a_list_without_any_year_is_published_as_it_stands_on_the_day_it_was_received(tmp_path):
    """The contract asks for no year in a higher-education list: none in its title, sheet or file name."""
    settings = make_settings(tmp_path, with_sample=True)
    [workbook] = settings.shared_drive.glob("Enseignement supérieur*.xlsx")
    set_cells(workbook, {"A1": "L'enseignement supérieur en Mayenne", "A2": "Mise à jour par le service"})
    date_as_saved(workbook.rename(settings.shared_drive / "Formations supérieures.xlsx"))
    assert materialize_group(settings, "enseignement_superieur").success
    record = LocalPortal(settings.portal_dir).metadata(DATASETS["enseignement_superieur"].dataset_id)
    saved_on = SAVED_AT.date().isoformat()
    assert record["temporal_coverage"] == {"start": saved_on, "end": saved_on} and record["held_rows"] == 0
    assert coverage_text(record["temporal_coverage"]) == f"état au {SAVED_AT:%d/%m/%Y}"
    assert len(read_export(settings, "enseignement_superieur")) == sum(len(e["formations"]) for e in establishments())
