from __future__ import annotations

from pathlib import Path

import pytest

from mayenne_assets.settings import Settings
from mayenne_assets_tests.support.lineage import publish_sample
from mayenne_assets_tests.support.settings import make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def sample_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, with_sample=True)


@pytest.fixture(scope="session")
def sample_publication(tmp_path_factory):
    """publication(group) → (settings, result): the dataset materialised from the sample drive with what it joins,
    on its own warehouse and portal, once per session when first asked; publication(None) materialises every
    asset. A dataset that fails turns only its own tests red."""
    done = {}

    def publication(group: str | None):
        if group not in done:
            done[group] = publish_sample(tmp_path_factory.mktemp(group or "everything"), group)
        return done[group]

    return publication
