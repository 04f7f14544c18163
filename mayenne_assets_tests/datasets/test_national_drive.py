"""Every collège of France on one drive (the generator's national drive, 101 départements), published in one
run by a national publisher, each dataset checked département by département against the generator's truth:
the same collèges, the same enrolments, the higher-education rows less those held back for a wrong UAI."""

from __future__ import annotations

from collections import Counter

import pytest

from mayenne_assets.lib.common.territory import geography, territory
from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.sample.superieur_workbook import establishments
from mayenne_assets_tests.support.settings import DATASETS
from mayenne_assets_tests.support.territories import APPROVAL, published_territory

MINISTRY = territory("FR", "110043015", contact="opendata@example.fr")


def departement_of(code_commune: str) -> str:
    return code_commune[:3] if code_commune.startswith("97") else code_commune[:2]


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    with published_territory(tmp_path_factory.mktemp("national"), MINISTRY,
                             APPROVAL.format(siren=MINISTRY.siren)) as published:
        yield published


def _published(settings, slug: str):
    dataset_id = f"110043015_{slug}"
    record = LocalPortal(settings.portal_dir).metadata(dataset_id)
    version = settings.portal_dir / dataset_id / "versions" / record["version"]
    return record, read_published(version / f"{dataset_id}.csv")


def _by_departement(uais) -> Counter:
    commune_of = {c.uai: c.code_commune for c in colleges()}
    return Counter(departement_of(commune_of[uai]) for uai in uais)


def test_the_six_datasets_are_published_in_one_run(national):
    settings, result = national
    assert result.success
    published = {p.name for p in settings.portal_dir.iterdir() if (p / "current.json").is_file()}
    assert published == {f"110043015_{d.slug}" for d in DATASETS.values()}


def test_every_département_s_collèges_are_in_the_directory_and_the_collège_datasets(national):
    settings, _ = national
    truth = _by_departement(c.uai for c in colleges())
    assert len(truth) == 101 and set(truth) == {d.code for d in geography("FR").departements}
    _, annuaire = _published(settings, "annuaire-education-colleges")
    assert _by_departement(annuaire["Identifiant_de_l_etablissement"]) == truth
    publics = _by_departement(c.uai for c in colleges() if c.secteur == "Public")
    _, principaux = _published(settings, "principaux-colleges")
    assert _by_departement(principaux["uai"]) == publics
    _, projections = _published(settings, "projection-effectifs-colleges")
    study = projections[projections["source"] == "département"]
    assert _by_departement(study["uai"].drop_duplicates()) == publics
    _, actions = _published(settings, "actions-colleges")
    funded = {c.uai for c in colleges() if c.secteur == "Public" or c.under_contract}
    assert _by_departement(actions["uai"].drop_duplicates()) == _by_departement(funded)


def test_every_département_s_enrolments_are_the_workbook_s_cell_for_cell(national):
    settings, _ = national
    _, effectifs = _published(settings, "effectifs-colleges")
    published = {(r.uai, int(r.rentree_scolaire)): int(r.effectif) for r in effectifs.itertuples()}
    assert published == observed_truth()
    assert set(effectifs["code_departement"].str.lstrip("0")) == {d.code.lstrip("0") for d in
                                                                  geography("FR").departements}


def test_every_département_s_higher_education_is_published_less_the_rows_held(national):
    settings, _ = national
    record, higher = _published(settings, "enseignement-superieur")
    truth = establishments()
    held = [e for e in truth if not is_valid_uai(e["uai"])]
    assert record["held_rows"] == len(held) > 0
    expected = Counter()
    for entry in truth:
        if entry not in held:
            expected[departement_of(entry["code_commune"])] += len(entry["formations"])
    assert Counter(higher["code_commune"].map(departement_of)) == expected
