from __future__ import annotations

import duckdb
import pytest

from mayenne_assets.lib.common.territory import REFERENCE_DATA, geography
from mayenne_assets.lib.common.uai import uai_key
from mayenne_assets.lib.identify.matching import CollegeMatcher, CommuneIndex, DirectoryEntry, name_key
from mayenne_assets.sample.directory import colleges
from mayenne_assets_tests.support.settings import MAYENNE


@pytest.fixture(scope="module")
def matcher() -> CollegeMatcher:
    directory = [DirectoryEntry(c.uai, (c.appellation, c.patronyme), c.code_commune) for c in colleges()]
    communes = list(duckdb.sql(
        f"select LIBELLE, coalesce(nullif(COMPARENT, ''), COM) from '{REFERENCE_DATA}/communes.parquet' "
        "where DEP = '53' or COMPARENT like '53%'").fetchall())
    return CollegeMatcher(directory, CommuneIndex(communes), MAYENNE)


@pytest.mark.parametrize(("name", "commune", "uai"), [
    ("Collège privé Saint Joseph", "Ernée", "0530770Z"),
    ("St Joseph", "Cossé-le-Vivien", "0530054W"),
    ("Saint-Joseph", "Cosse le Vivien", "0530054W"),
    ("Notre-Dame", "Saint-Pierre-la-Cour", "0530065H"),
    ("Notre Dame", "Meslay-du-Maine", "0530063F"),
    ("Jean Rostand", "Château-Gontier", "0530779J"),  # a former commune, now Château-Gontier-sur-Mayenne
    ("COLLEGE ALAIN GERBAULT", "LAVAL", "0530484N"),
])
def test_names_resolve_whatever_the_spelling_and_the_commune_decides_between_namesakes(matcher, name, commune, uai):
    match = matcher.resolve(name, commune)
    assert match.uai == uai and match.method == "name_commune"


def test_a_typo_still_resolves_and_its_score_is_recorded(matcher):
    match = matcher.resolve("Fernand Pusch", "Laval")
    assert match.uai == "0530914F"
    assert 85 <= match.score < 100


def test_namesakes_without_a_commune_are_not_guessed(matcher):
    match = matcher.resolve("Saint Joseph", None)
    assert match.uai is None and "ambigu" in match.detail


def test_an_unknown_collège_is_not_guessed(matcher):
    match = matcher.resolve("Collège des Tilleuls", "Laval")
    assert match.uai is None


def test_a_written_uai_is_kept_when_it_agrees_with_its_row_and_a_wrong_key_letter_is_refused(matcher):
    assert matcher.resolve(None, None, "rne 0530484n").uai == "0530484N"
    assert matcher.resolve("COLLEGE ALAIN GERBAULT", "Laval", " 0530484n ").uai == "0530484N"
    assert matcher.resolve("Fernand Pusch", "Laval", "0530914F").uai == "0530914F"  # a typo still agrees
    refused = matcher.resolve("Alain Gerbault", "Laval", "0530484M")
    assert refused.uai is None and "lettre clé" in refused.detail


def test_a_uai_that_is_another_collège_is_refused_naming_both(matcher):
    """Two UAIs swapped in a directory would publish each collège with the other's address and sections."""
    refused = matcher.resolve("Fernand Puech", "Laval", "0530484N")
    assert refused.uai is None
    assert "l'UAI « 0530484N » est celui de 0530484N « Collège Alain Gerbault »" in refused.detail
    assert "le nom est celui de 0530914F" in refused.detail


def test_a_well_formed_uai_that_is_no_collège_of_the_directory_is_refused(matcher):
    made_up = "0539999" + uai_key("0539999")
    refused = matcher.resolve("Alain Gerbault", "Laval", made_up)
    assert refused.uai is None and "n'est pas un collège de l'annuaire" in refused.detail


def test_name_key_drops_prefixes_and_expands_abbreviations():
    assert name_key("Collège privé St-Joseph") == "saint joseph"
    assert name_key("Ste Thérèse") == "sainte therese"


def _nord_matcher() -> CollegeMatcher:
    """Two real collèges of the Nord whose cores are one word, « salle », and one collège alone in Orchies."""
    directory = [DirectoryEntry("0593120W", ("Collège privé de La Salle",), "59350"),
                 DirectoryEntry("0596121W", ("Collège privé La Salle",), "59599"),
                 DirectoryEntry("0590143J", ("Collège de la Pévèle",), "59449"),
                 DirectoryEntry("0595885N", ("Collège Jean Moulin",), "59350")]
    return CollegeMatcher(directory, CommuneIndex([("Lille", "59350"), ("Roubaix", "59599"), ("Orchies", "59449")]),
                          geography("59"))


def test_an_exact_official_name_wins_over_a_namesake_that_shares_its_core():
    matcher = _nord_matcher()
    assert matcher.resolve("Collège privé de La Salle", None).uai == "0593120W"
    assert matcher.resolve("COLLEGE PRIVE LA SALLE", None).uai == "0596121W"
    assert matcher.resolve("La Salle", None).uai is None  # the core alone fits both: never guessed


def test_a_short_name_with_a_typo_resolves_when_it_is_clearly_closest_in_its_commune():
    matcher = _nord_matcher()
    match = matcher.resolve("Collège du Pévale", "Orchies")
    assert match.uai == "0590143J" and 70 <= match.score < 85 and "le suivant de la commune à 0" in match.detail
    assert matcher.resolve("Collège du Pévale", None).uai is None  # without its commune, too far for the country
    assert matcher.resolve("Collège Jean Moulon", "Lille").uai == "0595885N"


def test_two_close_candidates_of_one_commune_are_never_guessed_between():
    directory = [DirectoryEntry("0590001A", ("Collège Jean Zay",), "59350"),
                 DirectoryEntry("0590002B", ("Collège Jean Say",), "59350")]
    matcher = CollegeMatcher(directory, CommuneIndex([("Lille", "59350")]), geography("59"))
    match = matcher.resolve("Collège Jean Xay", "Lille")
    assert match.uai is None and "ambigu" in match.detail


def test_a_written_uai_of_another_département_is_never_taken_even_where_unknown_uais_are():
    """Higher education takes a valid UAI the reference lacks as written, but only one of its own territory."""
    establishments = CollegeMatcher([DirectoryEntry("0530081A", ("Université du Mans — Laval",), "53130")],
                                    CommuneIndex([("Laval", "53130")]), MAYENNE, known_uai_only=False)
    assert establishments.resolve("IUT de Laval", "Laval", "0530949U").uai == "0530949U"  # unknown, of the Mayenne
    foreign = establishments.resolve("Lycée Clemenceau", "Laval", "0441151M")  # a real UAI of Loire-Atlantique
    assert foreign.uai is None and foreign.method == "unresolved"
