"""The committed sample drive is what the generator builds, and its figures are plausible."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.sample.directory import rentree_2020_enrolments
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.sample.generate import generate
from mayenne_assets.settings import SAMPLE_DRIVE


def test_the_generator_is_deterministic_and_the_committed_drive_is_its_output(tmp_path):
    paths = generate(tmp_path)
    assert sorted(p.name for p in paths) == sorted(p.name for p in SAMPLE_DRIVE.iterdir())
    for path in paths:
        assert path.read_bytes() == (SAMPLE_DRIVE / path.name).read_bytes(), path.name


def test_enrolments_of_rentree_2020_are_within_a_few_percent_of_the_ministry(tmp_path):
    ministry = pd.Series(rentree_2020_enrolments())
    ours = pd.Series({uai: value for (uai, year), value in observed_truth().items() if year == 2020})
    gap = ((ours - ministry.reindex(ours.index)) / ministry.reindex(ours.index)).abs()
    assert gap.max() < 0.03
    assert abs(ours.sum() / ministry.reindex(ours.index).sum() - 1) < 0.01


def test_enrolments_cover_1985_to_2021():
    years = {year for _, year in observed_truth()}
    assert min(years) == 1985 and max(years) == 2021
