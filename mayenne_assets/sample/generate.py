"""Build the sample shared drive: python -m mayenne_assets.sample.generate [folder] (default data/sample_drive).

Deterministic: the same workbooks, byte for byte, at every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mayenne_assets.sample.actions_workbooks import write_dispositifs_workbook, write_equipment_workbook
from mayenne_assets.sample.colleges_workbook import write_colleges_workbook
from mayenne_assets.sample.effectifs_workbook import write_effectifs_workbook
from mayenne_assets.sample.principaux_workbook import write_principaux_workbook
from mayenne_assets.sample.projections_workbook import write_projections_workbook
from mayenne_assets.sample.superieur_workbook import write_superieur_workbook
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


def generate(drive: Path) -> list[Path]:
    drive.mkdir(parents=True, exist_ok=True)
    return [writer(drive) for writer in WRITERS]


if __name__ == "__main__":
    for path in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE_DRIVE):
        print(path)
