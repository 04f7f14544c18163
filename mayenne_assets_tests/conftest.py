from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.settings import PROJECT_ROOT, SAMPLE_DRIVE, Settings


def make_settings(root: Path, with_sample: bool = False) -> Settings:
    """Embedded defaults in a temporary folder: a drive (empty, or a copy of the sample), warehouse, portal."""
    drive = root / "drive"
    drive.mkdir(parents=True)
    if with_sample:
        for path in SAMPLE_DRIVE.iterdir():
            shutil.copy2(path, drive / path.name)
    return Settings(
        shared_drive=drive,
        warehouse=root / "warehouse" / "test.duckdb",
        portal_dir=root / "portal",
        exports_dir=root / "exports",
        approvals_file=PROJECT_ROOT / "data" / "dpo_approvals.toml",
        ods_domain=None,
        ods_api_key=None,
        failure_log=root / "logs" / "run_failures.jsonl",
        settle_seconds=0,  # the settling delay has its own tests
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def sample_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, with_sample=True)


@pytest.fixture(scope="session")
def published_sample(tmp_path_factory):
    """Every dataset materialised once from the sample drive: (settings, the run's result, its instance)."""
    import dagster as dg

    settings = make_settings(tmp_path_factory.mktemp("published"), with_sample=True)
    defs = build_definitions(settings)
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings), instance=instance)
    assert result.success
    return settings, result, instance
