"""A second département end to end: the Sarthe's drive, generated from its real collèges, is published under the
Sarthe's own identifiers, with its arrondissements and collèges; the personal-data gate asks for an approval of
the Sarthe's own dataset, not the Mayenne's."""

from __future__ import annotations

import json

import pytest

from mayenne_assets.lib.common.territory import TerritoryError, territory
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.directory import colleges, generating_for
from mayenne_assets.settings import configured_territory
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import DATASETS
from mayenne_assets_tests.support.territories import published_territory

SARTHE = territory("72", "227200029", contact="opendata@sarthe.fr")
ARRONDISSEMENTS = {"721": "La Flèche", "722": "Mamers", "723": "Le Mans"}
MAYENNE_APPROVAL = """[[approval]]
dataset_id = "225300011_principaux-colleges"
approved_by = "DPO"
approved_on = 2022-01-10
"""


@pytest.fixture(scope="module")
def sarthe(tmp_path_factory):
    """Every asset materialised once on the Sarthe's sample drive, with only the Mayenne's approval on file."""
    with published_territory(tmp_path_factory.mktemp("sarthe"), SARTHE, MAYENNE_APPROVAL) as published:
        yield published


def _published(settings, slug: str):
    dataset_id = f"227200029_{slug}"
    record = LocalPortal(settings.portal_dir).metadata(dataset_id)
    if record is None:
        return None
    version = settings.portal_dir / dataset_id / "versions" / record["version"]
    return read_published(version / f"{dataset_id}.csv")


def test_the_sarthe_drive_holds_its_real_collèges(sarthe):
    with generating_for("72"):
        sarthe_colleges = colleges()
    assert len(sarthe_colleges) == 79 and all(c.uai.startswith("072") for c in sarthe_colleges)
    assert "Enseignement supérieur en Sarthe.xlsx" in {p.name for p in sarthe[0].shared_drive.iterdir()}


def test_five_datasets_are_published_under_the_sarthe_s_siren(sarthe):
    settings, result = sarthe
    assert result.success
    published = {d.slug: _published(settings, d.slug) for d in DATASETS.values()}
    assert [slug for slug, table in published.items() if table is None] == ["principaux-colleges"]
    assert not list(settings.portal_dir.glob("225300011_*"))
    record = LocalPortal(settings.portal_dir).metadata("227200029_effectifs-colleges")
    assert record["publisher"] == "Département de la Sarthe" and record["publisher_siren"] == "227200029"
    assert record["title"] == "Effectifs des collèges de la Sarthe depuis 1985"
    assert "Mayenne" not in json.dumps(record, ensure_ascii=False)


def test_the_sarthe_s_collèges_arrondissements_and_académie_are_published(sarthe):
    settings, _ = sarthe
    effectifs = _published(settings, "effectifs-colleges")
    assert effectifs["uai"].str.startswith("072").all() and effectifs["uai"].nunique() > 70
    assert dict(effectifs[["code_arrondissement", "nom_arrondissement"]].drop_duplicates().values) == ARRONDISSEMENTS
    assert set(effectifs["code_departement"]) == {"072"} and set(effectifs["libelle_academie"]) == {"Nantes"}
    annuaire = _published(settings, "annuaire-education-colleges")
    assert set(annuaire["Libelle_departement"]) == {"Sarthe"} and set(annuaire["Code_departement"]) == {"072"}
    assert annuaire["Code_commune"].str.startswith("72").all()
    projections = _published(settings, "projection-effectifs-colleges")
    assert set(projections["nom_arrondissement"]) == set(ARRONDISSEMENTS.values())
    higher = _published(settings, "enseignement-superieur")
    assert higher["uai"].str.startswith("072").all()


def test_the_territory_sums_name_the_sarthe(sarthe):
    settings, _ = sarthe
    dataset_id = "227200029_projection-effectifs-colleges"
    version = LocalPortal(settings.portal_dir).metadata(dataset_id)["version"]
    by_area = read_published(settings.portal_dir / dataset_id / "versions" / version
                             / f"{dataset_id}_par-territoire.csv")
    assert set(by_area[by_area["niveau"] == "département"]["nom_territoire"]) == {"Sarthe"}
    assert set(by_area[by_area["niveau"] == "arrondissement"]["code_territoire"]) == set(ARRONDISSEMENTS)


def test_the_personal_data_gate_asks_for_the_sarthe_s_own_approval(sarthe):
    settings, result = sarthe
    [skipped] = result.asset_materializations_for_node("portal_principaux")
    assert "227200029_principaux-colleges contient des données personnelles" in skipped.metadata["skipped_reason"].value
    approvals = settings.approvals_file
    approvals.write_text(MAYENNE_APPROVAL + MAYENNE_APPROVAL.replace("225300011", "227200029"), encoding="utf-8")
    assert materialize_group(settings, "principaux").success  # the settings name the Sarthe
    principaux = _published(settings, "principaux-colleges")
    assert principaux is not None and principaux["uai"].str.startswith("072").all()


def test_a_département_without_its_siren_or_with_a_wrong_one_is_refused_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("MAYENNE_DEPARTEMENT", "72")
    monkeypatch.delenv("MAYENNE_SIREN", raising=False)
    with pytest.raises(TerritoryError, match="MAYENNE_SIREN is not set"):
        configured_territory()
    with pytest.raises(TerritoryError, match="not a SIREN: expected 9 digits with a valid Luhn key"):
        territory("72", "227200028", contact="opendata@sarthe.fr")
    with pytest.raises(TerritoryError, match="MAYENNE_DEPARTEMENT='99' is not a département"):
        territory("99", "227200029", contact="opendata@sarthe.fr")
    assert territory("053").siren == "225300011" and territory("53").siret == "22530001100015"
