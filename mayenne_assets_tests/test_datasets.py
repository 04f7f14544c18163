"""Invariants of every dataset published from the sample drive."""

from __future__ import annotations

import duckdb
import pandas as pd

from mayenne_assets.lib.geo import inside_departement
from mayenne_assets.lib.local_portal import LocalPortal
from mayenne_assets.lib.uai import is_valid_uai
from mayenne_assets.sample.actions_workbooks import biclou_counts, cdvc_amounts, equipment_counts
from mayenne_assets.sample.colleges_workbook import LAMBERT, SWAPPED
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.sample.projections_workbook import projection_truth
from mayenne_assets.sample.superieur_workbook import establishments
from mayenne_assets.spec.datasets import DATASETS
from mayenne_assets.spec.schemas import ANNUAIRE_HEADER
from mayenne_assets_tests.exports import read_export


def test_every_dataset_is_published_with_a_complete_descriptive_record(published_sample):
    settings, _, _ = published_sample
    portal = LocalPortal(settings.portal_dir)
    for dataset in DATASETS.values():
        record = portal.metadata(dataset.dataset_id)
        assert record is not None, dataset.dataset_id
        for key in ("title", "description", "license", "publisher", "temporal_coverage", "sources", "fields"):
            assert record[key], (dataset.dataset_id, key)
        assert record["publisher_siren"] == "225300011"


def test_annuaire_has_the_national_header_and_one_row_per_college_of_the_directory(published_sample):
    settings, _, _ = published_sample
    annuaire = read_export(settings, "annuaire")
    assert list(annuaire.columns) == [*ANNUAIRE_HEADER, "Nombre_d_eleves"]
    assert len(annuaire.columns) == 72 and len(ANNUAIRE_HEADER) == 71
    assert sorted(annuaire["Identifiant_de_l_etablissement"]) == sorted(c.uai for c in colleges())
    assert annuaire["Identifiant_de_l_etablissement"].map(is_valid_uai).all()
    assert annuaire["Telephone"].str.fullmatch(r"0\d{9}").all()
    assert set(annuaire["Segpa"]) <= {"0", "1"} and set(annuaire["Statut_public_prive"]) == {"Public", "Privé"}
    assert (annuaire["Code_departement"] == "053").all()


def test_annuaire_positions_are_repaired_inside_the_departement(published_sample):
    settings, _, _ = published_sample
    annuaire = read_export(settings, "annuaire").set_index("Identifiant_de_l_etablissement")
    truth = {c.uai: c for c in colleges()}
    for uai, row in annuaire.iterrows():
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert inside_departement(lat, lon)
        assert abs(lat - truth[uai].latitude) < 1e-5 and abs(lon - truth[uai].longitude) < 1e-5, uai
        assert row["position"] == f"{row['latitude']}, {row['longitude']}"
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        repairs = dict(con.execute("select Identifiant_de_l_etablissement, position_repair from stg.annuaire "
                                   "where position_repair is not null").fetchall())
    assert repairs == {SWAPPED: "swapped", LAMBERT: "lambert93"}  # Y in « Latitude », X in « Longitude »


def test_annuaire_counts_the_latest_enrolments(published_sample):
    settings, _, _ = published_sample
    annuaire = read_export(settings, "annuaire").set_index("Identifiant_de_l_etablissement")
    latest = {uai: value for (uai, year), value in observed_truth().items() if year == 2021}
    assert {uai: int(n) for uai, n in annuaire["Nombre_d_eleves"].dropna().items()} == latest


def test_projections_keep_every_cell_and_tell_observed_from_projected(published_sample):
    settings, _, _ = published_sample
    projections = read_export(settings, "projections")
    projections["effectif"] = projections["effectif"].astype(int)
    assert not projections.duplicated(["uai", "rentree_scolaire", "source"]).any()
    got = {(r.uai, int(r.rentree_scolaire)): r.effectif for r in projections.itertuples()}
    assert got == projection_truth()
    assert set(projections.loc[projections["rentree_scolaire"] == "2021", "nature"]) == {"constat"}
    assert set(projections.loc[projections["rentree_scolaire"] != "2021", "nature"]) == {"projection"}


def test_projections_by_arrondissement_and_departement_add_up(published_sample):
    settings, _, _ = published_sample
    areas = read_export(settings, "projections", "par-territoire")
    areas["effectif"] = areas["effectif"].astype(int)
    by_level = areas.groupby(["niveau", "rentree_scolaire"])["effectif"].sum().unstack(0)
    assert (by_level["arrondissement"] == by_level["département"]).all()
    assert set(areas.loc[areas["niveau"] == "arrondissement", "nom_territoire"]) == {
        "Château-Gontier", "Laval", "Mayenne"}
    truth = pd.Series(projection_truth()).groupby(level=1).sum()
    assert by_level["département"].astype(int).to_dict() == {str(k): v for k, v in truth.items()}


def test_heads_are_split_and_councillors_listed(published_sample):
    settings, _, _ = published_sample
    heads = read_export(settings, "principaux")
    assert heads["uai"].is_unique and len(heads) == sum(c.secteur == "Public" for c in colleges())
    assert set(heads["civilite"]) == {"M.", "Mme"}
    assert heads["nom_principal"].str.isupper().all() and heads["prenom_principal"].notna().all()
    assert heads["conseillers_departementaux"].str.count("; ").eq(1).all()


def test_higher_education_has_one_row_per_establishment_and_programme(published_sample):
    settings, _, _ = published_sample
    superieur = read_export(settings, "enseignement_superieur")
    assert not superieur.duplicated(["etablissement", "formation"]).any()
    assert len(superieur) == sum(len(e["formations"]) for e in establishments())
    truth = {e["nom"]: e["uai"] for e in establishments()}
    # a third of the sample rows have no UAI: each is filled from the reference, and rightly
    assert (superieur["uai"] == superieur["etablissement"].map(truth)).all()


def test_actions_preserve_every_quantity_and_euro(published_sample):
    settings, _, _ = published_sample
    actions = read_export(settings, "actions")
    assert not actions.duplicated(["annee_scolaire", "uai", "dispositif", "objet"]).any()
    quantities = actions["quantite"].astype(float)
    amounts = actions["montant_euros"].astype(float)
    equipment = sum(sum(sum(v) for v in equipment_counts(y).values()) for y in ("2020-2021", "2021-2022"))
    assert quantities[actions["dispositif"] == "Équipement informatique"].sum() == equipment
    assert quantities[actions["dispositif"] == "Biclou"].sum() == sum(biclou_counts().values())
    assert amounts[actions["dispositif"] == "CDVC"].sum() == sum(cdvc_amounts().values())
    assert quantities.isna().eq(amounts.notna()).all()  # a quantity or an amount, never both
    assert actions["uai"].map(is_valid_uai).all()
