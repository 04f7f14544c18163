"""What the publishing tests share: the enrolment export of the sample drive and its descriptive record."""

from __future__ import annotations

import json

import pytest

from mayenne_assets.lib.publish.record import descriptive_record
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import DATASETS

EFFECTIFS = DATASETS["effectifs"]

DATASET_ID = EFFECTIFS.dataset_id


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """The enrolment export of the sample drive, and its descriptive record."""
    from mayenne_assets_tests.support.settings import make_settings

    settings = make_settings(tmp_path_factory.mktemp("ods"), with_sample=True)
    assert materialize_group(settings, "effectifs").success
    folder = settings.exports_dir / DATASET_ID
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    files = {name: folder / name for name in provenance["files"]}
    return files, descriptive_record(EFFECTIFS, provenance)
