"""Save what cannot be rebuilt, or put it back on a new machine.

    python -m mayenne_assets.backup create sauvegarde-2026-12-03.tar.gz
    python -m mayenne_assets.backup restore sauvegarde-2026-12-03.tar.gz

Saved: the published versions with their journals and catalogue, the drive's _archives/ (with reception.json),
_traites/ and _quarantaine/, the approvals, withdrawals and local collèges files, the failure log, and the Dagster
instance's folder (DAGSTER_HOME: its SQLite run history and sensor cursors; an instance on PostgreSQL is saved with
pg_dump, see the README). The places are those the configuration names (MAYENNE_* variables); a restore refuses a
place that already holds something. Then `make materialize` rebuilds the warehouse and the exports, and publishes
nothing new.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mayenne_assets.lib.governance.backup import Place, RestoreRefused, create, places, restore
from mayenne_assets.settings import Settings, load_settings


def places_of(settings: Settings) -> list[Place]:
    files = {"approbations.toml": settings.approvals_file, "retraits.toml": settings.withdrawals_file,
             "colleges_locaux.toml": settings.local_colleges, "echecs.jsonl": settings.failure_log}
    return places(settings.portal_dir, settings.shared_drive, files, settings.dagster_home)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mayenne_assets.backup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("create", "restore"))
    parser.add_argument("archive", type=Path)
    args = parser.parse_args(argv)
    saved = places_of(load_settings())
    if args.action == "create":
        manifest = create(args.archive, saved)
        print(f"{args.archive}: {len(manifest['files'])} files")
        return 0
    try:
        manifest = restore(args.archive, saved)
    except RestoreRefused as error:
        print(f"backup: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"restored": len(manifest["files"]), "from": manifest["created_at"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
