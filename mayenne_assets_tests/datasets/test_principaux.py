"""The heads of the collèges and the councillors on their boards."""

from __future__ import annotations

from mayenne_assets.sample.directory import colleges
from mayenne_assets_tests.support.exports import read_export


def test_heads_are_split_and_councillors_listed(sample_publication):
    settings = sample_publication("principaux").settings
    heads = read_export(settings, "principaux")
    assert heads["uai"].is_unique and len(heads) == sum(c.secteur == "Public" for c in colleges())
    assert set(heads["civilite"]) == {"M.", "Mme"}
    assert heads["nom_principal"].str.isupper().all() and heads["prenom_principal"].notna().all()
    assert heads["conseillers_departementaux"].str.count("; ").eq(1).all()
