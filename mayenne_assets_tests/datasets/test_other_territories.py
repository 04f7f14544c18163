"""Territories unlike the Mayenne, end to end from drives the generator builds from their real collèges and
establishments: La Réunion (southern latitudes, the Ministry's EPSG:2975 metres, a Parcoursup UAI with a wrong key
letter), Paris (establishments teaching in several arrondissements, one arrondissement, the Ville de Paris as
publisher) and Corse-du-Sud (UAIs of 620, the Collectivité de Corse). Each publishes its six datasets exactly,
each CSV says what its Parquet twin holds, and a short name with a typo resolves in its commune."""

from __future__ import annotations

import duckdb
import pytest

from mayenne_assets.lib.common.territory import geography, territory
from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.colleges_workbook import coordinate_fault
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import name_as_written, short_name_typo
from mayenne_assets.sample.superieur_workbook import establishments
from mayenne_assets_tests.support.exports import csv_parquet_differences
from mayenne_assets_tests.support.settings import DATASETS
from mayenne_assets_tests.support.territories import APPROVAL, published_territory

SIRENS = {"974": "229740014", "75": "217500016", "2A": "200076958"}


@pytest.fixture(scope="module", params=sorted(SIRENS))
def territory_run(request, tmp_path_factory):
    """Every asset materialised once on the territory's generated drive, with its own DPO approval on file;
    the generator's truth stays the territory's while the module's tests read it."""
    code, siren = request.param, SIRENS[request.param]
    publisher = territory(code, siren, contact=f"opendata-{code.lower()}@example.fr")
    with published_territory(tmp_path_factory.mktemp(f"territory_{code}"), publisher,
                             APPROVAL.format(siren=siren)) as (settings, result):
        yield code, siren, settings, result


def _published(settings, dataset_id: str):
    record = LocalPortal(settings.portal_dir).metadata(dataset_id)
    version = settings.portal_dir / dataset_id / "versions" / record["version"]
    return record, read_published(version / f"{dataset_id}.csv")


def test_the_six_datasets_are_published_under_the_territory_s_siren(territory_run):
    _, siren, settings, result = territory_run
    assert result.success
    published = {p.name for p in settings.portal_dir.iterdir() if (p / "current.json").is_file()}
    assert published == {f"{siren}_{d.slug}" for d in DATASETS.values()}


def test_every_csv_says_what_its_parquet_holds(territory_run):
    _, siren, settings, _ = territory_run
    for dataset in DATASETS.values():
        assert csv_parquet_differences(settings.exports_dir / f"{siren}_{dataset.slug}") == [], dataset.slug


def test_coordinates_in_the_ministry_s_projected_system_are_placed_where_the_directory_says(territory_run):
    code, siren, settings, _ = territory_run
    _, annuaire = _published(settings, f"{siren}_annuaire-education-colleges")
    annuaire = annuaire.set_index("Identifiant_de_l_etablissement")
    [projected] = [c for c in colleges() if coordinate_fault(c) == "projected"]
    row = annuaire.loc[projected.uai]
    assert abs(float(row["latitude"]) - projected.latitude) < 1e-5
    assert abs(float(row["longitude"]) - projected.longitude) < 1e-5
    assert row["position"] == f"{row['latitude']}, {row['longitude']}"  # « -21.24…, 55.33… » as written
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        repair, system = con.execute("select position_repair, epsg_origine from stg.annuaire "
                                     "where Identifiant_de_l_etablissement = ?", [projected.uai]).fetchone()
    assert system in geography(code).projections and repair in ("lambert93", system.lower().replace(":", ""))


def test_each_higher_education_row_is_placed_at_its_own_site_and_a_wrong_uai_is_held(territory_run):
    code, siren, settings, _ = territory_run
    record, higher = _published(settings, f"{siren}_enseignement-superieur")
    truth = establishments()
    wrong = [e for e in truth if not is_valid_uai(e["uai"])]
    assert record["held_rows"] == len(wrong) and not higher["uai"].isin([e["uai"] for e in wrong]).any()
    assert len(higher) == sum(len(e["formations"]) for e in truth if e not in wrong)
    sites = {(e["uai"], e["code_commune"]) for e in truth}
    assert {(r.uai, r.code_commune) for r in higher.itertuples() if r.uai} <= sites
    here = geography(code)
    assert all(here.inside(float(lat), float(lon)) for lat, lon in zip(higher["latitude"], higher["longitude"],
                                                                       strict=True) if lat)
    coverage = record["temporal_coverage"]  # the list carries no year: « état au » its reception
    assert coverage["start"] == coverage["end"] and len(coverage["start"]) == 10


def test_an_establishment_on_several_sites_is_placed_at_each(territory_run):
    code, siren, settings, _ = territory_run
    if code != "75":
        pytest.skip("Paris's universities teach in several arrondissements; the other two have none")
    _, higher = _published(settings, f"{siren}_enseignement-superieur")
    placed = higher[higher["latitude"] != ""].groupby("uai")[["code_commune", "latitude"]].nunique()
    several = placed[placed["code_commune"] > 1]
    assert len(several) >= 3 and (several["latitude"] >= several["code_commune"]).all()


PUBLISHERS = {"974": ("Département de La Réunion", "conseillers départementaux"),
              "75": ("Ville de Paris", "conseillers de Paris"),
              "2A": ("Collectivité de Corse", "conseillers à l'Assemblée de Corse")}


def test_the_records_name_the_collectivité_that_runs_the_collèges_and_its_contact(territory_run):
    code, siren, settings, _ = territory_run
    publisher, elected = PUBLISHERS[code]
    for dataset in DATASETS.values():
        record = LocalPortal(settings.portal_dir).metadata(f"{siren}_{dataset.slug}")
        assert record["publisher"] == publisher and record["contact"] == f"opendata-{code.lower()}@example.fr"
        assert "Département de Paris" not in record["title"] + record["description"]
    principaux = LocalPortal(settings.portal_dir).metadata(f"{siren}_principaux-colleges")
    assert principaux["title"].endswith(f"et {elected} aux conseils d'administration")
    assert "conseillers départementaux" not in principaux["title"] or elected == "conseillers départementaux"
    catalogue = (settings.portal_dir / "catalogue_donnees.csv").read_text(encoding="utf-8")
    assert publisher in catalogue and f"opendata-{code.lower()}@example.fr" in catalogue


def test_a_territory_of_one_arrondissement_repeats_no_total_by_territory(territory_run):
    code, siren, settings, _ = territory_run
    dataset_id = f"{siren}_projection-effectifs-colleges"
    version = LocalPortal(settings.portal_dir).metadata(dataset_id)["version"]
    by_area = read_published(settings.portal_dir / dataset_id / "versions" / version
                             / f"{dataset_id}_par-territoire.csv")
    arrondissements = set(by_area.loc[by_area["niveau"] == "arrondissement", "code_territoire"])
    assert arrondissements == (set() if len(geography(code).arrondissements) == 1
                               else set(geography(code).arrondissements))


def test_a_one_letter_typo_in_a_short_name_resolves_within_its_commune_with_its_score_kept(territory_run):
    code, siren, settings, _ = territory_run
    typo = short_name_typo(code)
    [college] = [c for c in colleges() if c.uai == typo]
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        scores = {score for (score,) in con.execute("select distinct match_score from stg.effectifs_matches "
                                                    "where uai = ?", [typo]).fetchall()}
    assert scores and all(70 <= s < 85 for s in scores), (college.patronyme, name_as_written(college), scores)
    _, effectifs = _published(settings, f"{siren}_effectifs-colleges")
    assert typo in set(effectifs["uai"])
