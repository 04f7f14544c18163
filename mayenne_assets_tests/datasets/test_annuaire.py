"""The Annuaire de l'éducation of the collèges: the national header, repaired positions, latest enrolments."""

from __future__ import annotations

import duckdb

from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.export.schemas import field_list
from mayenne_assets.sample.colleges_workbook import LAMBERT, SWAPPED
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.settings import REFERENCE_DATA
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.settings import MAYENNE


def test_annuaire_has_the_national_header_and_one_row_per_college_of_the_directory(sample_publication):
    settings = sample_publication("annuaire").settings
    annuaire = read_export(settings, "annuaire")
    national = (REFERENCE_DATA / "annuaire_education_header.txt").read_text(encoding="utf-8").split()
    assert field_list("annuaire_education") == tuple(national) and len(national) == 71
    assert list(annuaire.columns) == [*national, "Nombre_d_eleves"]
    assert sorted(annuaire["Identifiant_de_l_etablissement"]) == sorted(c.uai for c in colleges())
    assert annuaire["Identifiant_de_l_etablissement"].map(is_valid_uai).all()
    assert annuaire["Telephone"].str.fullmatch(r"0\d{9}").all()
    assert set(annuaire["Segpa"]) <= {"0", "1"} and set(annuaire["Statut_public_prive"]) == {"Public", "Privé"}
    assert (annuaire["Code_departement"] == "053").all()


def test_annuaire_positions_are_repaired_inside_the_departement(sample_publication):
    settings = sample_publication("annuaire").settings
    annuaire = read_export(settings, "annuaire").set_index("Identifiant_de_l_etablissement")
    truth = {c.uai: c for c in colleges()}
    for uai, row in annuaire.iterrows():
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert MAYENNE.inside(lat, lon)
        assert abs(lat - truth[uai].latitude) < 1e-5 and abs(lon - truth[uai].longitude) < 1e-5, uai
        assert row["position"] == f"{row['latitude']}, {row['longitude']}"
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        repairs = dict(con.execute("select Identifiant_de_l_etablissement, position_repair from stg.annuaire "
                                   "where position_repair is not null").fetchall())
    assert repairs == {SWAPPED: "swapped", LAMBERT: "lambert93"}  # Y in « Latitude », X in « Longitude »


def test_annuaire_counts_the_latest_enrolments(sample_publication):
    settings = sample_publication("annuaire").settings
    annuaire = read_export(settings, "annuaire").set_index("Identifiant_de_l_etablissement")
    latest = {uai: value for (uai, year), value in observed_truth().items() if year == 2021}
    assert {uai: int(n) for uai, n in annuaire["Nombre_d_eleves"].dropna().items()} == latest
