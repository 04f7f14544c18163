"""The sha256 of every file the pipeline exports from the sample drive: to show that a change of code leaves
the published bytes as they were.

    .venv/bin/python scripts/export_digests.py                      # print the digests
    .venv/bin/python scripts/export_digests.py --write FILE         # keep them
    .venv/bin/python scripts/export_digests.py --check FILE         # compare with the kept ones; exit 1 if any differ
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.sample.generate import copy_sample_drive
from mayenne_assets.settings import PROJECT_ROOT, Settings


def export_digests(root: Path) -> dict[str, str]:
    """Materialise every dataset from a copy of the sample drive under root; relative path → sha256."""
    copy_sample_drive(root / "drive")
    settings = Settings(root / "drive", root / "w.duckdb", root / "portal", root / "exports",
                        PROJECT_ROOT / "data" / "dpo_approvals.toml", None, None, root / "failures.jsonl",
                        settle_seconds=0)
    defs = build_definitions(settings)
    result = dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings),
                            instance=dg.DagsterInstance.ephemeral())
    if not result.success:
        sys.exit("the sample drive did not materialise")
    exports = settings.exports_dir
    return {path.relative_to(exports).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(exports.rglob("*")) if path.is_file()}


def _read(path: Path) -> dict[str, str]:
    lines = (line.split("  ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {name: digest for digest, name in lines}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        digests = export_digests(Path(tmp))
    text = "".join(f"{digest}  {name}\n" for name, digest in digests.items())
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    if not args.check:
        print(text, end="")
        return
    kept = _read(args.check)
    differ = sorted(name for name in kept.keys() | digests.keys() if kept.get(name) != digests.get(name))
    for name in differ:
        print(f"DIFFERS  {name}  kept {kept.get(name, '(absent)')[:12]}  now {digests.get(name, '(absent)')[:12]}")
    print(f"{len(digests) - len(differ)} of {len(kept | digests)} exported files byte-identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
