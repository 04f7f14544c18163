"""Asset checks: the blocking schema check of every export, and the warnings on the enrolments."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.defs.effectifs.checks import gaps, jumps
from mayenne_assets.lib.local_portal import LocalPortal
from mayenne_assets.sample.effectifs_workbook import MISSING_CELLS
from mayenne_assets.spec.datasets import DATASETS, EFFECTIFS
from mayenne_assets_tests.lineage import materialize_group
from mayenne_assets_tests.workbooks import make_xlsx


def _evaluations(result) -> dict[str, object]:
    return {f"{e.asset_key.to_user_string()}:{e.check_name}": e for e in result.get_asset_check_evaluations()}


def test_every_export_passes_its_blocking_schema_check_on_the_sample(published_sample):
    _, result, _ = published_sample
    evaluations = _evaluations(result)
    for dataset in DATASETS.values():
        check = evaluations[f"export_{dataset.group}:schema"]
        assert check.passed and check.metadata["failing_rows"].value == 0


def test_the_enrolment_warnings_show_the_gaps_of_the_sample(published_sample):
    _, result, _ = published_sample
    evaluations = _evaluations(result)
    gap_check = evaluations["export_effectifs:enrolment_gaps"]
    assert not gap_check.passed and gap_check.metadata["count"].value == len(MISSING_CELLS)
    assert evaluations["export_effectifs:enrolment_jumps"].passed


def test_jumps_and_gaps():
    frame = pd.DataFrame({
        "uai": ["A"] * 4 + ["B"] * 2,
        "nom_etablissement": ["a"] * 4 + ["b"] * 2,
        "rentree_scolaire": [2000, 2001, 2002, 2004, 2000, 2001],
        "effectif": [100, 135, 120, 300, 200, 210],
    })
    assert jumps(frame)[["uai", "rentree_scolaire"]].values.tolist() == [["A", 2001]]  # 2004: not consecutive
    assert gaps(frame).values.tolist() == [["A", 2003]]


def test_a_broken_workbook_turns_its_schema_check_red_and_leaves_the_portal(sample_settings):
    assert materialize_group(sample_settings, "effectifs").success
    portal = LocalPortal(sample_settings.portal_dir)
    before = (portal.current(EFFECTIFS.dataset_id), portal.versions(EFFECTIFS.dataset_id))
    future = [["Commune", "Collège", 2020, 2031], ["Laval", "Alain Gerbault", None, 450]]  # a year in the future
    make_xlsx(sample_settings.shared_drive / "Effectifs publics 2031.xlsx", {"Publics": future})
    result = materialize_group(sample_settings, "effectifs", raise_on_error=False)
    assert not result.success
    check = _evaluations(result)["export_effectifs:schema"]
    assert not check.passed and check.metadata["failing_rows"].value == 1
    sample = check.metadata["sample"].value
    assert "2031" in sample and "Effectifs publics 2031.xlsx, sheet 'Publics', row 2" in sample
    assert (portal.current(EFFECTIFS.dataset_id), portal.versions(EFFECTIFS.dataset_id)) == before
