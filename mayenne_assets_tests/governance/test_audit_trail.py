"""The auditor's trail: from a published value back to the archived workbook's cell, the column lineage in the
UI, data and code versions, and the audit dossier kept with each version."""

from __future__ import annotations

import json

import dagster as dg
import pytest
from dagster_graphql.test.utils import define_out_of_process_context, execute_dagster_graphql

from mayenne_assets.audit import main, trail
from mayenne_assets.lib.export.schemas import expand
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.settings import PROJECT_ROOT
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import DATASETS, make_settings
from mayenne_assets_tests.support.workbooks import make_xlsx


def _amount(cell: object) -> float:
    """An amount as a spreadsheet user types it: « 5 800 », « 1 234,50 »."""
    return float(str(cell).replace("\xa0", "").replace(" ", "").replace(",", "."))


# per dataset: a published column read from a workbook cell, and how the published text relates to the cell
FROM_A_CELL = {
    "effectifs": ("effectif", lambda published, cell: int(published) == cell),  # a year column
    "projections": ("effectif", lambda published, cell: int(published) == cell),
    "annuaire": ("Mail", lambda published, cell: published == str(cell).strip().lower()),
    "principaux": ("mail_principal", lambda published, cell: published == str(cell).strip().lower()),
    "enseignement_superieur": ("formation", lambda published, cell: published in str(cell)),
    "actions": ("montant_euros", lambda published, cell: float(published) == _amount(cell)),
}


def _published_rows(settings, group: str):
    dataset = DATASETS[group]
    record = LocalPortal(settings.portal_dir).metadata(dataset.dataset_id)
    folder = settings.portal_dir / dataset.dataset_id / "versions" / record["version"]
    return read_published(folder / f"{dataset.dataset_id}.csv"), folder


@pytest.mark.parametrize("group", sorted(FROM_A_CELL))
def test_a_published_value_leads_to_its_cell_in_the_archived_workbook(sample_publication, group):
    settings = sample_publication(group).settings
    column, agrees = FROM_A_CELL[group]
    rows, _ = _published_rows(settings, group)
    if "source" in rows:  # the projection model's rows come from no workbook: the département's study does
        rows = rows[rows["source"] == "département"]
    followed = 0
    present = rows[rows[column] != ""]
    for _, row in present.iloc[:: max(1, len(present) // 5)].head(5).iterrows():  # spread over the table
        key = ",".join(f"{k}={row[k]}" for k in DATASETS[group].unique)
        found = trail(settings, DATASETS[group].dataset_id, key)
        [step] = [s for s in found["columns"][column]["trail"] if "cell" in s]
        assert step["archive"] and step["sha256"] in json.dumps(found["raw_row"])
        assert agrees(row[column], step["archived_value"]), (key, row[column], step)
        followed += 1
    assert followed == 5


def test_a_value_from_a_merged_cell_leads_to_the_range_s_first_cell(settings):
    rows = [["Secteur", "Commune", "Collège", 2020, 2021], ["Public", "Laval", "Alain Gerbault", 450, 460],
            [None, "Laval", "Fernand Puech", 300, 310], [None, "Laval", "Jules Renard", 610, 600]]
    make_xlsx(settings.shared_drive / "Effectifs publics.xlsx", {"Collèges": rows}, {"Collèges": ["A2:A4"]})
    assert materialize_group(settings, "effectifs").success
    found = trail(settings, DATASETS["effectifs"].dataset_id, "uai=0530914F,rentree_scolaire=2021")
    steps = {s["from"]: s for s in found["columns"]["secteur"]["trail"] if "cell" in s}
    assert (steps["raw.effectifs.secteur"]["cell"], steps["raw.effectifs.secteur"]["archived_value"]) == ("A2",
                                                                                                       "Public")
    effectif = next(s for s in found["columns"]["effectif"]["trail"] if "cell" in s)
    assert (effectif["cell"], effectif["archived_value"]) == ("E3", 310)  # Fernand Puech, 2021
    year = next(s for s in found["columns"]["rentree_scolaire"]["trail"] if "cell" in s)
    assert (year["cell"], year["archived_value"]) == ("E1", 2021)


def test_the_command_prints_the_trail_and_refuses_a_wrong_key(sample_publication, monkeypatch, capsys):
    settings = sample_publication("effectifs").settings
    for variable, value in {"MAYENNE_SHARED_DRIVE": settings.shared_drive, "MAYENNE_WAREHOUSE": settings.warehouse,
                            "MAYENNE_PORTAL_DIR": settings.portal_dir}.items():
        monkeypatch.setenv(variable, str(value))
    assert main(["225300011_effectifs-colleges", "--key", "uai=0530484N,rentree_scolaire=2020"]) == 0
    printed = capsys.readouterr().out
    assert "effectif = '" in printed and "sheet 'Publics', cell " in printed and "audit dossier: " in printed
    assert main(["225300011_effectifs-colleges", "--key", "uai=0530484N"]) == 2
    assert "the key of 225300011_effectifs-colleges is uai, rentree_scolaire" in capsys.readouterr().err


def test_each_version_keeps_its_audit_dossier(sample_publication):
    settings, result, _ = sample_publication("principaux")
    _, folder = _published_rows(settings, "principaux")
    dossier = json.loads((folder / "audit.json").read_text(encoding="utf-8"))
    assert dossier["publication"]["version"] == folder.name
    assert {s["file"] for s in dossier["sources"]} == {"Principaux gestionnaires et conseillers départementaux.xlsx"}
    assert dossier["sources"][0]["rows_read"] > 20 and len(dossier["sources"][0]["sha256"]) == 64
    assert set(dossier["personal_data"]["removed_on_reading"]) == {"principaux.nom_gestionnaire",
                                                                   "principaux.mail_gestionnaire"}
    assert dossier["personal_data"]["approval"]["approved_on"] == "2022-01-10"
    assert {c["check"] for c in dossier["checks"]} >= {"schema", "revisions"}
    assert dossier["code_version"]["sql_and_declarations"] and dossier["identifiers"]["principaux"]["by_method"]
    assert "# Dossier d'audit — 225300011_principaux-colleges" in (folder / "audit.md").read_text(encoding="utf-8")
    cells = read_published(folder / "audit_cells.csv")
    published, _ = _published_rows(settings, "principaux")
    assert len(cells) == len(published) == dossier["value_cells"]["rows"]  # every published row has its cells
    assert json.loads(cells["cells"].iloc[0])["mail_principal"].startswith("D")
    raw = result.asset_materializations_for_node("raw_principaux")[0]
    assert raw.tags["dagster/data_version"]  # the sha256 of what it read


LINEAGE_QUERY = """
query ($path: [String!]!) {
  assetNodeOrError(assetKey: {path: $path}) {
    ... on AssetNode {
      assetMaterializations(limit: 1) {
        metadataEntries { label ... on TableColumnLineageMetadataEntry {
          lineage { columnName columnDeps { assetKey { path } columnName } } } }
      }
    }
  }
}"""


def _lineage(context, asset: str) -> dict[str, set[tuple[str, str]]]:
    result = execute_dagster_graphql(context, LINEAGE_QUERY, {"path": [asset]})
    assert not result.errors, result.errors
    [materialization] = result.data["assetNodeOrError"]["assetMaterializations"]
    [entry] = [e for e in materialization["metadataEntries"] if e["label"] == "dagster/column_lineage"]
    return {c["columnName"]: {(d["assetKey"]["path"][0], d["columnName"]) for d in c["columnDeps"]}
            for c in entry["lineage"]}


def test_the_enrolment_export_s_column_lineage_reaches_the_raw_year_columns_through_graphql(tmp_path, monkeypatch):
    settings = make_settings(tmp_path / "run", with_sample=True)
    for variable, value in {"MAYENNE_SHARED_DRIVE": settings.shared_drive, "MAYENNE_WAREHOUSE": settings.warehouse,
                            "MAYENNE_PORTAL_DIR": settings.portal_dir, "MAYENNE_EXPORTS_DIR": settings.exports_dir,
                            "MAYENNE_SETTLE_SECONDS": "0"}.items():
        monkeypatch.setenv(variable, str(value))
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "home")) as instance:
        assert materialize_group(settings, "effectifs", instance=instance).success
        with define_out_of_process_context(str(PROJECT_ROOT / "mayenne_assets" / "definitions.py"), "defs",
                                           instance) as context:
            export, staging = _lineage(context, "export_effectifs"), _lineage(context, "stg_effectifs")
    assert export["effectif"] == {("stg_effectifs", "effectif")}
    assert staging["effectif"] == {("raw_effectifs", "effectif")}  # prepared from value_raw, a year column's cell
    assert staging["rentree_scolaire"] == {("raw_effectifs", "rentree_scolaire")}  # the year column's label
    assert ("ref_colleges", "appellation_officielle") in staging["nom_etablissement"]
    assert {("raw_effectifs", "nom"), ("raw_effectifs", "commune")} <= staging["uai"]


def test_the_ui_shows_each_published_column_s_trail_to_the_workbook_labels(sample_publication):
    """Dagster OSS does not draw dagster/column_lineage: the export and portal assets also carry it as a table."""
    result = sample_publication("effectifs").result
    trail = result.asset_materializations_for_node("export_effectifs")[0].metadata["column_trail"].value
    assert result.asset_materializations_for_node("portal_effectifs")[0].metadata["column_trail"].value == trail
    rows = {line.split(" | ")[0].strip("| "): line for line in trail.splitlines()[2:]}
    assert set(rows) == set(expand(DATASETS["effectifs"].columns))
    assert "raw_effectifs.effectif" in rows["effectif"] and "la cellule sous une colonne d'année" in rows["effectif"]
    assert "« Collège »" in rows["uai"] and "« Code RNE »" in rows["uai"]  # resolved from what the workbook wrote
    assert "ref_communes.nom_commune" in rows["nom_commune"]
