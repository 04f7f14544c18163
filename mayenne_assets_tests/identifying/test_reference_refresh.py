"""The collège directory keeps up: refreshed from the Ministry's open-data portal (a stand-in that speaks the
Explore API v2.1), a collège opened after the shipped snapshot is known and a workbook naming it publishes; with
the portal down, the snapshot is used and the metadata says so."""

from __future__ import annotations

import dataclasses

import dagster as dg
import pandas as pd
import pytest

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.common.uai import uai_key
from mayenne_assets.lib.read.reference_api import DIRECTORY_DATASET
from mayenne_assets.settings import REFERENCE_DATA
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.ods_server import FakeOpenDataSoft
from mayenne_assets_tests.support.openapi_check import problems
from mayenne_assets_tests.support.workbooks import make_xlsx

NEW_UAI = "0530990" + uai_key("0530990")
NEW_NAME = "Collège de la Nouvelle Rive"


def _snapshot_rows() -> list[dict]:
    """The Mayenne's collèges in the shipped snapshot of the national directory."""
    snapshot = pd.read_parquet(REFERENCE_DATA / "colleges.parquet")
    return snapshot[snapshot["code_departement"] == "053"].to_dict("records")


def _opened_since(rows: list[dict]) -> dict:
    """A public collège of Laval opened after the snapshot, as the Ministry's portal would list it."""
    model = next(r for r in rows if r["libelle_commune"] == "Laval" and r["secteur_public_prive_libe"] == "Public")
    return {**model, "numero_uai": NEW_UAI, "appellation_officielle": NEW_NAME, "patronyme_uai": "NOUVELLE RIVE",
            "date_ouverture": "2025-09-01", "latitude": "48.0731", "longitude": "-0.7601"}


@pytest.fixture
def ministry():
    with FakeOpenDataSoft("unused") as portal:
        rows = _snapshot_rows()
        portal.state.public_exports[DIRECTORY_DATASET] = [*rows, _opened_since(rows)]
        yield portal


def _reference_metadata(result: dg.ExecuteInProcessResult) -> dict:
    return result.asset_materializations_for_node("ref_colleges")[0].metadata


def test_a_collège_opened_after_the_snapshot_is_known_and_published(ministry, sample_settings):
    assert NEW_UAI not in {r["numero_uai"] for r in _snapshot_rows()}
    settings = dataclasses.replace(sample_settings, reference_api=ministry.url)
    make_xlsx(settings.shared_drive / "Effectifs Nouvelle Rive.xlsx",
              {"Publics": [["Commune", "Collège", 2021], ["Laval", "Nouvelle Rive", 212]]})
    result = materialize_group(settings, "effectifs")
    assert result.success
    metadata = _reference_metadata(result)
    assert metadata["directory_source"].value.endswith(f"/catalog/datasets/{DIRECTORY_DATASET}/exports/json")
    export = read_export(settings, "effectifs")
    row = export[export["uai"] == NEW_UAI]
    assert row[["nom_etablissement", "rentree_scolaire", "effectif"]].values.tolist() == [[NEW_NAME, "2021", "212"]]
    assert [p for request in ministry.state.requests for p in problems(request)] == []
    [request] = [r for r in ministry.state.requests if "/exports/" in r.path]
    assert 'code_departement="053"' in request.query["where"]


def test_a_refresh_that_changes_the_reference_lists_what_opened(ministry, sample_settings):
    snapshot_only = resources_for(sample_settings)
    defs = build_definitions(sample_settings)
    [ref_colleges] = [a for a in defs.assets if a.key.to_user_string() == "ref_colleges"]
    assert dg.materialize([ref_colleges], resources=snapshot_only).success
    refreshed = resources_for(dataclasses.replace(sample_settings, reference_api=ministry.url))
    result = dg.materialize([ref_colleges], resources=refreshed)
    assert _reference_metadata(result)["collèges_opened"].value == [f"{NEW_UAI} {NEW_NAME}"]
    assert _reference_metadata(result)["collèges_closed"].value == []


def test_with_the_portal_down_the_snapshot_is_used_and_said(sample_settings):
    with FakeOpenDataSoft("unused") as stopped:
        url = stopped.url  # a port nobody listens on once the stand-in has stopped
    settings = dataclasses.replace(sample_settings, reference_api=url)
    result = materialize_group(settings, "effectifs")
    assert result.success
    source = _reference_metadata(result)["directory_source"].value
    assert source.startswith("snapshot shipped with the package") and "cannot be reached" in source
