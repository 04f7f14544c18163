"""The territory is configuration: everything about a département but its SIREN is derived from the national
references shipped with the package, for any of the 101, and French introduces each by its INSEE type."""

from __future__ import annotations

import pytest

from mayenne_assets.datasets import DECLARED, datasets_for
from mayenne_assets.lib.common.territory import TerritoryError, geography, territory
from mayenne_assets.settings import load_settings
from mayenne_assets_tests.support.settings import DATASETS


@pytest.mark.parametrize(("code", "of_name", "in_name"), [
    ("53", "de la Mayenne", "en Mayenne"),
    ("59", "du Nord", "dans le Nord"),
    ("01", "de l'Ain", "dans l'Ain"),
    ("40", "des Landes", "dans les Landes"),
    ("75", "de Paris", "à Paris"),
    ("974", "de La Réunion", "à La Réunion"),
])
def test_french_introduces_each_département_by_its_insee_type(code, of_name, in_name):
    assert (geography(code).of_name, geography(code).in_name) == (of_name, in_name)


def test_a_département_s_académie_region_arrondissements_and_collèges_come_from_the_references():
    sarthe = geography("072")
    assert sarthe.code == "72" and sarthe.publisher == "Département de la Sarthe"
    facts = sarthe.facts()
    assert (facts["libelle_academie"], facts["code_region"], facts["chef_lieu"]) == ("Nantes", "52", "Le Mans")
    assert sarthe.arrondissements == {"721": "La Flèche", "722": "Mamers", "723": "Le Mans"}
    assert sarthe.uai_prefixes == {"072"} and "72181" in sarthe.communes and "53130" not in sarthe.communes
    assert sarthe.inside(48.0061, 0.1996) and not sarthe.inside(48.0733, -0.7707)  # Le Mans; not Laval


def test_corsica_and_overseas_keep_their_own_codes():
    assert geography("2A").uai_prefixes == {"02A", "620"}
    assert geography("974").postal_prefixes == {"974", "978"}  # the Ministry writes both
    assert geography("976").communes_without_arrondissement and not geography("53").communes_without_arrondissement


def test_the_whole_country_is_every_département():
    france = geography("FR")
    assert len(france.departements) == 101 and len(france.arrondissements) == 332
    assert france.of_name == "de France" and france.single is None


def test_the_publisher_s_identity_is_checked():
    assert territory("53").siret == "22530001100015"
    assert territory("72", "227200029", contact="opendata@sarthe.fr").siret is None
    with pytest.raises(TerritoryError, match="MAYENNE_SIRET='22530001100015' is not a SIRET of 227200029"):
        territory("72", "227200029", "22530001100015", "opendata@sarthe.fr")


def test_a_territory_without_a_contact_is_refused_at_start_up_naming_the_variable():
    with pytest.raises(TerritoryError, match="MAYENNE_CONTACT='': every published record and the catalogue name "
                                             "the contact of Département de la Sarthe"):
        territory("72", "227200029")
    with pytest.raises(TerritoryError, match="MAYENNE_CONTACT='Service éducation'"):
        territory("75", "217500016", contact="Service éducation")


@pytest.mark.parametrize(("code", "publisher", "elected"), [
    ("53", "Département de la Mayenne", "conseillers départementaux"),
    ("2A", "Collectivité de Corse", "conseillers à l'Assemblée de Corse"),
    ("2B", "Collectivité de Corse", "conseillers à l'Assemblée de Corse"),
    ("75", "Ville de Paris", "conseillers de Paris"),
    ("67", "Collectivité européenne d'Alsace", "conseillers d'Alsace"),
    ("68", "Collectivité européenne d'Alsace", "conseillers d'Alsace"),
    ("69M", "Métropole de Lyon", "conseillers métropolitains"),
    ("69D", "Département du Rhône", "conseillers départementaux"),
    ("972", "Collectivité territoriale de Martinique", "conseillers à l'Assemblée de Martinique"),
    ("973", "Collectivité territoriale de Guyane", "conseillers territoriaux"),
    ("976", "Département de Mayotte", "conseillers départementaux"),
    ("59", "Département du Nord", "conseillers départementaux"),
])
def test_the_publisher_is_the_collectivité_that_runs_the_collèges(code, publisher, elected):
    here = geography(code)
    assert here.publisher == publisher and here.collectivite.elus == elected and here.collectivite.source


def test_the_rhône_s_collèges_are_run_by_two_collectivités_each_its_own_communes():
    with pytest.raises(TerritoryError, match=r"two collectivités run its collèges.*69D \(Département du Rhône\); "
                                             r"69M \(Métropole de Lyon\)"):
        geography("69")
    lyon, rhone = geography("69M"), geography("69D")
    assert "69123" in lyon.communes and "69264" in rhone.communes  # Lyon; Villefranche-sur-Saône
    assert not lyon.communes & rhone.communes and lyon.arrondissements == {"691": "Lyon"}


def test_dataset_identifiers_and_titles_follow_the_territory_they_are_bound_to():
    sarthe = datasets_for(territory("72", "227200029", contact="opendata@sarthe.fr"))["effectifs"]
    assert sarthe.dataset_id == "227200029_effectifs-colleges"
    assert sarthe.title == "Effectifs des collèges de la Sarthe depuis 1985" and "Sarthe" in sarthe.keywords
    assert DATASETS["effectifs"].dataset_id == "225300011_effectifs-colleges"
    with pytest.raises(LookupError, match="not bound to a territory"):
        _ = DECLARED["effectifs"].dataset_id


def test_the_settings_name_the_territory_from_the_environment_and_nothing_else_reads_it(monkeypatch):
    monkeypatch.setenv("MAYENNE_DEPARTEMENT", "72")
    monkeypatch.setenv("MAYENNE_SIREN", "227200029")
    monkeypatch.setenv("MAYENNE_CONTACT", "opendata@sarthe.fr")
    settings = load_settings()
    assert settings.territory.code == "72" and settings.territory.siren == "227200029"
    assert DATASETS["effectifs"].dataset_id == "225300011_effectifs-colleges"  # bound once, not re-read
