"""Higher education: one row per establishment and programme, UAIs completed from the reference."""

from __future__ import annotations

from mayenne_assets.sample.superieur_workbook import establishments
from mayenne_assets_tests.support.exports import read_export


def test_higher_education_has_one_row_per_establishment_and_programme(sample_publication):
    settings = sample_publication("enseignement_superieur").settings
    superieur = read_export(settings, "enseignement_superieur")
    assert not superieur.duplicated(["etablissement", "formation"]).any()
    assert len(superieur) == sum(len(e["formations"]) for e in establishments())
    truth = {e["nom"]: e["uai"] for e in establishments()}
    # a third of the sample rows have no UAI: each is filled from the reference, and rightly
    assert (superieur["uai"] == superieur["etablissement"].map(truth)).all()
