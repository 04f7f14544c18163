"""A bad workbook stops its lineage with a message naming the file, sheet and row, and publishes nothing."""

from __future__ import annotations

from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets_tests.support.lineage import failure_message, materialize_group
from mayenne_assets_tests.support.workbooks import effectifs_rows, make_xlsx

DATASET_ID = "225300011_effectifs-colleges"


def _publish_sample_then_replace(settings, bad_name, sheets):
    assert materialize_group(settings, "effectifs").success
    portal = LocalPortal(settings.portal_dir)
    before = (portal.current(DATASET_ID), portal.versions(DATASET_ID))
    for path in settings.shared_drive.iterdir():
        if path.is_file():  # the archive of what was read stays, as on a real drive
            path.unlink()
    make_xlsx(settings.shared_drive / bad_name, sheets)
    result = materialize_group(settings, "effectifs", raise_on_error=False)
    assert not result.success
    assert (portal.current(DATASET_ID), portal.versions(DATASET_ID)) == before  # previous publication intact
    return failure_message(result)


def test_a_required_column_missing_names_file_sheet_and_row(sample_settings):
    rows = [["Effectifs des collèges"], [], ["Commune", "Nom", 2019, 2020], ["Laval", "Alain Gerbault", 441, 450]]
    message = _publish_sample_then_replace(sample_settings, "Effectifs publics 2021.xlsx", {"Publics": rows})
    assert "Effectifs publics 2021.xlsx" in message
    assert "onglet « Publics », ligne 3" in message
    assert "« Collège »" in message


def test_an_unresolvable_college_names_file_sheet_and_row(sample_settings):
    rows = [*effectifs_rows(), ["Laval", "Collège des Tilleuls", 120, 130, 140]]
    message = _publish_sample_then_replace(sample_settings, "Effectifs publics.xlsx", {"Publics": rows})
    assert "Effectifs publics.xlsx, onglet « Publics », ligne 5" in message
    assert "Collège des Tilleuls" in message


def test_text_in_a_number_cell_names_its_column(sample_settings):
    rows = [*effectifs_rows()[:2], ["Laval", "Fernand Puech", 308, "trois cents", 310]]
    message = _publish_sample_then_replace(sample_settings, "Effectifs publics.xlsx", {"Publics": rows})
    assert "onglet « Publics », ligne 3, colonne D (2020)" in message
    assert "« trois cents » n'est pas un nombre" in message
