"""Projected enrolments: every cell kept, observed and projected told apart, totals that add up."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.sample.projections_workbook import projection_truth
from mayenne_assets_tests.support.exports import read_export


def test_projections_keep_every_cell_and_tell_observed_from_projected(sample_publication):
    settings = sample_publication("projections").settings
    projections = read_export(settings, "projections")
    projections["effectif"] = projections["effectif"].astype(int)
    assert not projections.duplicated(["uai", "rentree_scolaire", "source"]).any()
    got = {(r.uai, int(r.rentree_scolaire)): r.effectif for r in projections.itertuples()}
    assert got == projection_truth()
    assert set(projections.loc[projections["rentree_scolaire"] == "2021", "nature"]) == {"constat"}
    assert set(projections.loc[projections["rentree_scolaire"] != "2021", "nature"]) == {"projection"}


def test_projections_by_arrondissement_and_departement_add_up(sample_publication):
    settings = sample_publication("projections").settings
    areas = read_export(settings, "projections", "par-territoire")
    areas["effectif"] = areas["effectif"].astype(int)
    by_level = areas.groupby(["niveau", "rentree_scolaire"])["effectif"].sum().unstack(0)
    assert (by_level["arrondissement"] == by_level["département"]).all()
    assert set(areas.loc[areas["niveau"] == "arrondissement", "nom_territoire"]) == {
        "Château-Gontier", "Laval", "Mayenne"}
    truth = pd.Series(projection_truth()).groupby(level=1).sum()
    assert by_level["département"].astype(int).to_dict() == {str(k): v for k, v in truth.items()}
