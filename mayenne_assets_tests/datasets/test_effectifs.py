"""The enrolments: the lineage from the sample drive to the published record, its warnings, and the comparison
with the Ministry's figures."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager

import duckdb
import openpyxl
import pandas as pd
import pytest

from mayenne_assets.datasets.effectifs import gaps, jumps
from mayenne_assets.defs.reconciliation import REPORT_FILE, REPORT_FOLDER
from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.effectifs_workbook import MISSING_CELLS, observed_truth
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.lineage import failure_message, materialize_group
from mayenne_assets_tests.support.settings import DATASETS
from mayenne_assets_tests.support.workbooks import make_xlsx

EFFECTIFS = DATASETS["effectifs"]

DATASET_ID = EFFECTIFS.dataset_id
ALTERED_UAI, ALTERED_NAME = "0530484N", "Alain Gerbault"


@pytest.fixture
def run(sample_publication):
    settings = sample_publication("effectifs").settings
    export = read_export(settings, "effectifs")
    export[["rentree_scolaire", "effectif"]] = export[["rentree_scolaire", "effectif"]].astype(int)
    return settings, export


def _evaluations(result) -> dict[str, object]:
    return {f"{e.asset_key.to_user_string()}:{e.check_name}": e for e in result.get_asset_check_evaluations()}


def _report(settings) -> pd.DataFrame:
    return pd.read_csv(settings.exports_dir / REPORT_FOLDER / REPORT_FILE, sep=";", encoding="utf-8-sig",
                       dtype={"uai": str})


def test_one_row_per_college_and_rentree_each_with_a_valid_uai(run):
    _, export = run
    assert not export.duplicated(["uai", "rentree_scolaire"]).any()
    assert export["uai"].map(is_valid_uai).all()
    assert export["uai"].nunique() == 41  # 27 public and 14 private collèges under contract
    assert (export["code_departement"] == "053").all()


def test_every_year_sums_to_the_data_cells_of_the_workbook(run):
    _, export = run
    truth = pd.Series(observed_truth())
    expected = truth.groupby(level=1).sum()
    assert export.groupby("rentree_scolaire")["effectif"].sum().to_dict() == expected.to_dict()
    assert len(export) == len(truth)  # missing markers are absent rows, never zeros


def test_namesake_private_colleges_resolve_to_their_own_uai(run):
    _, export = run
    communes = export.drop_duplicates("uai").set_index("uai")["nom_commune"]
    assert communes["0530770Z"] == "Ernée"
    assert communes["0530054W"] == "Cossé-le-Vivien"


def test_the_misspelt_name_resolves_with_its_score_recorded(run):
    settings, export = run
    assert "0530914F" in set(export["uai"])
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        method, score = con.execute(
            "select match_method, match_score from stg.effectifs_matches where nom_ecrit = 'Fernand Pusch'"
        ).fetchone()
    assert method == "name_commune" and 85 <= score < 100


def test_every_row_traces_back_to_its_workbook_cell(run):
    settings, _ = run
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        untraced = con.execute(
            "select count(*) from stg.effectifs where source_file is null or source_row is null "
            "or source_column is null").fetchone()[0]
        shas = con.execute("select distinct source_sha256 from raw.effectifs").fetchall()
    assert untraced == 0 and len(shas) == 1 and len(shas[0][0]) == 64


def test_the_published_record_carries_its_descriptive_record(run):
    settings, export = run
    portal = LocalPortal(settings.portal_dir)
    record = portal.metadata(DATASET_ID)
    assert record["publisher_siren"] == "225300011"
    assert record["temporal_coverage"] == {"start": 1985, "end": 2021}
    assert record["records"] == len(export)
    assert record["sources"][0]["title"] == "Effectifs collèges 1985-2021.xlsx"


def test_the_enrolment_warnings_show_the_gaps_of_the_sample(sample_publication):
    result = sample_publication("effectifs").result
    evaluations = _evaluations(result)
    gap_check = evaluations["export_effectifs:enrolment_gaps"]
    assert not gap_check.passed and gap_check.metadata["count"].value == len(MISSING_CELLS)
    assert evaluations["export_effectifs:enrolment_jumps"].passed


def test_jumps_and_gaps():
    frame = pd.DataFrame({
        "uai": ["A"] * 4 + ["B"] * 2,
        "nom_etablissement": ["a"] * 4 + ["b"] * 2,
        "rentree_scolaire": [2000, 2001, 2002, 2004, 2000, 2001],
        "effectif": [100, 135, 120, 300, 200, 210],
    })
    assert jumps(frame)[["uai", "rentree_scolaire"]].values.tolist() == [["A", 2001]]  # 2004: not consecutive
    assert gaps(frame).values.tolist() == [["A", 2003]]


def test_a_broken_workbook_turns_its_schema_check_red_and_leaves_the_portal(sample_settings):
    assert materialize_group(sample_settings, "effectifs").success
    portal = LocalPortal(sample_settings.portal_dir)
    before = (portal.current(EFFECTIFS.dataset_id), portal.versions(EFFECTIFS.dataset_id))
    future = [["Commune", "Collège", 2020, 2031], ["Laval", "Alain Gerbault", 440, 450]]  # a year in the future
    make_xlsx(sample_settings.shared_drive / "Effectifs publics 2031.xlsx", {"Publics": future})
    result = materialize_group(sample_settings, "effectifs", raise_on_error=False)
    assert not result.success
    check = _evaluations(result)["export_effectifs:schema"]
    assert not check.passed and check.metadata["failing_rows"].value == 1
    sample = check.metadata["sample"].value
    assert "2031" in sample and "Effectifs publics 2031.xlsx, onglet « Publics », ligne 2" in sample
    assert (portal.current(EFFECTIFS.dataset_id), portal.versions(EFFECTIFS.dataset_id)) == before


def test_the_sample_agrees_with_the_ministry(sample_publication):
    settings, result, _ = sample_publication("effectifs")
    report = _report(settings)
    assert set(report["rentree_scolaire"]) == {2020}  # the sample stops in 2021; the national file is 2024
    assert len(report) == 41 and (report["statut"] == "concordant").all()
    assert report["ecart_relatif"].abs().max() < 0.03
    metadata = result.asset_materializations_for_node("reconciliation_effectifs")[0].metadata
    assert metadata["gaps_to_check"].value == 0 and metadata["compared"].value == 41


def test_a_collège_altered_by_ten_percent_is_flagged(sample_settings):
    with _publics_year_column(sample_settings, 2020) as (sheet, column):
        row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 3).value == ALTERED_NAME)
        original = int(sheet.cell(row, column).value)
        sheet.cell(row, column).value = round(original * 1.10)
    assert materialize_group(sample_settings, "effectifs").success
    report = _report(sample_settings)
    flagged = report[report["statut"] != "concordant"]
    assert flagged["uai"].tolist() == [ALTERED_UAI]
    assert 0.08 < flagged["ecart_relatif"].iloc[0] < 0.12


@contextmanager
def _publics_year_column(settings, year: int):
    """The sample workbook's « Publics » sheet and the column of a year, saved once edited."""
    path = settings.shared_drive / "Effectifs collèges 1985-2021.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Publics"]
    yield sheet, next(c.column for c in sheet[5] if c.value == year)
    workbook.save(path)


def _published_state(settings):
    portal = LocalPortal(settings.portal_dir)
    return portal.current(DATASET_ID), portal.versions(DATASET_ID)


def test_an_implausible_enrolment_is_refused_with_its_cell_and_the_bound_stated(sample_settings):
    assert materialize_group(sample_settings, "effectifs").success
    before = _published_state(sample_settings)
    with _publics_year_column(sample_settings, 2020) as (sheet, column):
        row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 3).value == ALTERED_NAME)
        sheet.cell(row, column).value = 99_999
    result = materialize_group(sample_settings, "effectifs", raise_on_error=False)
    assert not result.success
    message = failure_message(result)
    assert f"onglet « Publics », ligne {row}" in message and "« 99999 »" in message
    assert "plus de 2877 élèves (1.5 × les 1918 du plus grand collège de France" in message
    assert _published_state(sample_settings) == before


def test_a_year_column_whose_cells_were_all_cleared_is_refused_not_withdrawn(sample_settings):
    assert materialize_group(sample_settings, "effectifs").success
    before = _published_state(sample_settings)
    with _publics_year_column(sample_settings, 2021) as (sheet, column):
        for row in range(6, sheet.max_row + 1):
            sheet.cell(row, column).value = None
    result = materialize_group(sample_settings, "effectifs", raise_on_error=False)
    assert not result.success
    assert f"onglet « Publics », colonne {openpyxl.utils.get_column_letter(column)} (2021) : la rentrée 2021 a un " \
           "en-tête et aucune valeur" in failure_message(result)
    assert _published_state(sample_settings) == before


def test_a_published_year_never_vanishes_without_its_withdrawal_recorded(sample_settings, tmp_path):
    assert materialize_group(sample_settings, "effectifs").success
    before = _published_state(sample_settings)
    path = sample_settings.shared_drive / "Effectifs collèges 1985-2021.xlsx"
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:  # « 2021 » in Publics, « Rentrée 2021 » in Privés
        header = [c for row in sheet.iter_rows(min_row=3, max_row=6) for c in row
                  if str(c.value).removeprefix("Rentrée ") == "2021"]
        for cell in header:
            sheet.delete_cols(cell.column)
    workbook.save(path)
    result = materialize_group(sample_settings, "effectifs", raise_on_error=False)
    assert not result.success
    assert ("la période 2021 (rentree_scolaire) est publiée et la nouvelle version n'en a rien"
            in failure_message(result))
    assert _published_state(sample_settings) == before
    withdrawals = tmp_path / "retraits.toml"
    withdrawals.write_text(f'[[retrait]]\ndataset_id = "{DATASET_ID}"\nperiode = 2021\ndecide_par = "Agent"\n'
                           'le = 2022-01-10\nmotif = "provisoire"\n', encoding="utf-8")
    settings = dataclasses.replace(sample_settings, withdrawals_file=withdrawals)
    assert materialize_group(settings, "effectifs").success
    assert "2021" not in set(read_export(settings, "effectifs")["rentree_scolaire"])
    assert len(LocalPortal(settings.portal_dir).versions(DATASET_ID)) == 2
