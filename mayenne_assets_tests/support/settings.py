"""Settings for a test: the embedded defaults, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

from mayenne_assets.datasets import datasets_for
from mayenne_assets.lib.common.territory import territory
from mayenne_assets.lib.publish.catalogue import Site
from mayenne_assets.sample.generate import copy_sample_drive
from mayenne_assets.settings import PROJECT_ROOT, Settings


def make_settings(root: Path, with_sample: bool = False) -> Settings:
    """A drive (empty, or a copy of the sample), a warehouse, an export folder and a portal under root."""
    drive = root / "drive"
    drive.mkdir(parents=True)
    if with_sample:
        copy_sample_drive(drive)
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


MAYENNE = territory()  # the embedded default's territory
DATASETS = datasets_for(MAYENNE)  # every dataset as the Mayenne publishes it
SITE = Site(MAYENNE)  # the catalogue of a portal folder opened on this machine
