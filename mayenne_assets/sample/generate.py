"""Build a sample shared drive from the real collèges of a département:

    python -m mayenne_assets.sample.generate [folder] [--departement 72]

The folder defaults to data/sample_drive; the département to 53 (the Mayenne). « --departement FR »
builds one drive for every collège of France (the national benchmark). Deterministic: the same workbooks, byte
for byte, at every run.
"""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import UTC
from pathlib import Path

from mayenne_assets.lib.common.territory import MAYENNE
from mayenne_assets.sample.actions_workbooks import write_dispositifs_workbook, write_equipment_workbook
from mayenne_assets.sample.colleges_workbook import write_colleges_workbook
from mayenne_assets.sample.directory import generating_for
from mayenne_assets.sample.effectifs_workbook import write_effectifs_workbook
from mayenne_assets.sample.principaux_workbook import write_principaux_workbook
from mayenne_assets.sample.projections_workbook import write_projections_workbook
from mayenne_assets.sample.superieur_workbook import write_superieur_workbook
from mayenne_assets.sample.xlsx import SAVED_AT
from mayenne_assets.settings import SAMPLE_DRIVE

WRITERS = (
    write_colleges_workbook,
    write_effectifs_workbook,
    write_projections_workbook,
    write_principaux_workbook,
    write_superieur_workbook,
    write_equipment_workbook,
    write_dispositifs_workbook,
)


def copy_sample_drive(target: Path, drive: Path = SAMPLE_DRIVE) -> list[Path]:
    """A copy of the sample drive whose files are dated when the generator says it saved them, whatever day the
    repository was checked out: the published « date_maj_ligne » is a workbook's modification date."""
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in sorted(drive.iterdir()):
        shutil.copyfile(path, target / path.name)
        copies.append(date_as_saved(target / path.name))
    return copies


def date_as_saved(path: Path) -> Path:
    """The file's modification time set to when the generator says it saved the workbook."""
    saved_at = SAVED_AT.replace(tzinfo=UTC).timestamp()
    os.utime(path, (saved_at, saved_at))
    return path


def generate(drive: Path, code: str = MAYENNE["code"]) -> list[Path]:
    """The workbooks of the territory of this code (a département's, a collectivité's, or FR) on the drive."""
    drive.mkdir(parents=True, exist_ok=True)
    with generating_for(code):
        return [writer(drive) for writer in WRITERS]


def main() -> None:
    parser = argparse.ArgumentParser(description="Build a sample shared drive of workbooks.")
    parser.add_argument("folder", nargs="?", type=Path, default=SAMPLE_DRIVE)
    parser.add_argument("--departement", help="a département's code (53, 72, 2A, 974) or FR for all of them")
    arguments = parser.parse_args()
    for path in generate(arguments.folder, arguments.departement or MAYENNE["code"]):
        print(path)


if __name__ == "__main__":
    main()
