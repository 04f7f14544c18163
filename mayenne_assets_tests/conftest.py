from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mayenne_assets.settings import PROJECT_ROOT, SAMPLE_DRIVE, Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded defaults in a temporary folder: an empty drive, warehouse, exports and portal."""
    drive = tmp_path / "drive"
    drive.mkdir()
    return Settings(
        shared_drive=drive,
        warehouse=tmp_path / "warehouse" / "test.duckdb",
        portal_dir=tmp_path / "portal",
        exports_dir=tmp_path / "exports",
        approvals_file=PROJECT_ROOT / "data" / "dpo_approvals.toml",
        ods_domain=None,
        ods_api_key=None,
    )


@pytest.fixture
def sample_settings(settings: Settings) -> Settings:
    """The same, with the sample shared drive copied onto the drive."""
    for path in SAMPLE_DRIVE.iterdir():
        shutil.copy2(path, settings.shared_drive / path.name)
    return settings
