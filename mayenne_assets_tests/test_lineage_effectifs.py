"""The enrolment lineage, materialised from the sample drive to the published record."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from mayenne_assets.lib.local_portal import LocalPortal
from mayenne_assets.lib.uai import is_valid_uai
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.spec.datasets import EFFECTIFS
from mayenne_assets_tests.lineage import materialize_group

DATASET_ID = "225300011_effectifs-colleges"


@pytest.fixture
def run(sample_settings):
    result = materialize_group(sample_settings, "effectifs")
    assert result.success
    csv_path = sample_settings.exports_dir / DATASET_ID / f"{DATASET_ID}.csv"
    export = pd.read_csv(csv_path, sep=";", dtype=str, encoding="utf-8-sig")
    export[["rentree_scolaire", "effectif"]] = export[["rentree_scolaire", "effectif"]].astype(int)
    return sample_settings, export


def test_one_row_per_college_and_rentree_each_with_a_valid_uai(run):
    _, export = run
    assert list(export.columns) == list(EFFECTIFS.schema.columns)
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
    assert [f["name"] for f in record["fields"]] == list(EFFECTIFS.schema.columns)


def test_publishing_unchanged_data_again_creates_no_new_version(run):
    settings, _ = run
    portal = LocalPortal(settings.portal_dir)
    before = portal.versions(DATASET_ID)
    assert materialize_group(settings, "effectifs").success
    assert portal.versions(DATASET_ID) == before and len(before) == 1
