"""The département's enrolments reconciled with the Ministry's figures."""

from __future__ import annotations

import openpyxl
import pandas as pd

from mayenne_assets.defs.effectifs.reconciliation import REPORT_FILE, REPORT_FOLDER
from mayenne_assets_tests.lineage import materialize_group

ALTERED_UAI, ALTERED_NAME = "0530484N", "Alain Gerbault"


def _report(settings) -> pd.DataFrame:
    return pd.read_csv(settings.exports_dir / REPORT_FOLDER / REPORT_FILE, sep=";", encoding="utf-8-sig",
                       dtype={"uai": str})


def test_the_sample_agrees_with_the_ministry(published_sample):
    settings, result, _ = published_sample
    report = _report(settings)
    assert set(report["rentree_scolaire"]) == {2020}  # the sample stops in 2021; the national file is 2024
    assert len(report) == 41 and (report["statut"] == "concordant").all()
    assert report["ecart_relatif"].abs().max() < 0.03
    metadata = result.asset_materializations_for_node("reconciliation_effectifs")[0].metadata
    assert metadata["gaps_to_check"].value == 0 and metadata["compared"].value == 41


def test_a_collège_altered_by_ten_percent_is_flagged(sample_settings):
    path = sample_settings.shared_drive / "Effectifs collèges 1985-2021.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Publics"]
    column = next(c.column for c in sheet[5] if c.value == 2020)
    row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 3).value == ALTERED_NAME)
    original = int(sheet.cell(row, column).value)
    sheet.cell(row, column).value = round(original * 1.10)
    workbook.save(path)
    assert materialize_group(sample_settings, "effectifs").success
    report = _report(sample_settings)
    flagged = report[report["statut"] != "concordant"]
    assert flagged["uai"].tolist() == [ALTERED_UAI]
    assert 0.08 < flagged["ecart_relatif"].iloc[0] < 0.12
