"""The trail of one published row, from the portal back to the workbook cells:

    python -m mayenne_assets.audit 225300011_effectifs-colleges --key uai=0530484N,rentree_scolaire=2020

prints, for each published column of that row, its value, the version it is published in, the staging and raw
rows it comes from, and the archived workbook, sheet and cell (whose value is read back from the archive), or the
reference table it was taken from; then the code version and the version's audit dossier.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd

from mayenne_assets.datasets import datasets_for
from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.drive.layout import ARCHIVES
from mayenne_assets.lib.export.schemas import expand
from mayenne_assets.lib.governance.versions import package_code_version
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.lib.read.workbook import read_csv
from mayenne_assets.lib.warehouse.column_lineage import column_sources, warehouse_schema
from mayenne_assets.lib.warehouse.tables import staging_models
from mayenne_assets.settings import Settings, load_settings


class TrailError(ValueError):
    """The row cannot be followed; the message says why."""


def _dataset(dataset_id: str, settings: Settings) -> Dataset:
    datasets = datasets_for(settings.territory).values()
    found = [d for d in datasets if d.dataset_id == dataset_id]
    if not found:
        known = sorted(d.dataset_id for d in datasets)
        raise TrailError(f"no dataset {dataset_id!r}; expected one of {known}")
    return found[0]


def parse_key(text: str, dataset: Dataset) -> dict[str, str]:
    """column=value,column=value: a value may hold commas, split only before the key's own column names."""
    boundary = ",(?=(?:" + "|".join(re.escape(column) for column in dataset.unique) + ")=)"
    pairs = dict(part.split("=", 1) for part in re.split(boundary, text) if "=" in part)
    if set(pairs) != set(dataset.unique):
        raise TrailError(f"the key of {dataset.dataset_id} is {', '.join(dataset.unique)}; got {text!r}")
    return pairs


def _matching(frame: pd.DataFrame, key: dict[str, str]) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in key.items():
        mask &= frame[column].astype("string") == value
    return frame[mask]


def _published(settings: Settings, dataset: Dataset, key: dict[str, str]) -> tuple[str, dict]:
    portal = LocalPortal(settings.portal_dir)
    record = portal.metadata(dataset.dataset_id)
    if record is None:
        raise TrailError(f"{dataset.dataset_id} is not published on {settings.portal_dir}")
    folder = settings.portal_dir / dataset.dataset_id / "versions" / record["version"]
    rows = _matching(read_published(folder / f"{dataset.dataset_id}.csv"), key)
    if rows.empty:
        raise TrailError(f"no published row of {dataset.dataset_id} has {key}")
    return record["version"], rows.iloc[0].to_dict()


def _raw_row(con: duckdb.DuckDBPyConnection, dataset: Dataset, staged: dict) -> tuple[str, dict] | None:
    """The raw row a staging row was built from: same file, sheet, row (and year column), values agreeing; None
    for a row no workbook gave (the projection model's)."""
    if pd.isna(staged.get("source_file")):
        return None
    for name in dataset.families:
        raw = con.execute(f"select * from raw.{name} where source_file = ? and source_sheet = ? and source_row = ?",
                          [staged["source_file"], staged["source_sheet"], int(staged["source_row"])]).df()
        if pd.notna(staged.get("source_column")) and "source_column" in raw:  # a value read from a year column
            raw = raw[raw["source_column"] == staged["source_column"]]
        shared = [c for c in raw.columns if c in staged and not c.startswith("source_") and c != "uai"]
        for column in shared:
            narrowed = raw[raw[column].astype("string") == str(staged[column])]
            raw = narrowed if not narrowed.empty else raw
        if not raw.empty:
            return name, raw.iloc[0].to_dict()
    return None


def _archived(drive: Path, sha256: str, file: str) -> Path | None:
    found = sorted((drive / ARCHIVES).glob(f"*_{sha256[:12]}_*"))
    return found[-1] if found else None


def cell_value(path: Path, sheet: str, cell: str) -> object:
    """The value of a cell of an archived workbook, as saved (a CSV's cell by its column and row)."""
    if path.suffix.lower() == ".csv":
        rows = read_csv(path.stem, path.read_bytes()).rows
        column = openpyxl.utils.cell.column_index_from_string("".join(c for c in cell if c.isalpha()))
        return rows[int("".join(c for c in cell if c.isdigit())) - 1][column - 1]
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return workbook[sheet][cell].value
    finally:
        workbook.close()


def _origin(dataset: Dataset, family: str, raw: dict, column: str) -> str | None:
    cells = json.loads(raw.get("source_cells") or "{}")
    prepared = next((t.prepared_from for t in dataset.raw_tables if t.family == family), {})
    return cells.get(column) or cells.get(prepared.get(column, ""))


def _column_trail(dataset: Dataset, sources: list[tuple[str, str]], raw: tuple[str, dict] | None,
                  drive: Path) -> list[dict]:
    steps = []
    for table, column in sources:
        schema, name = table.split(".", 1)
        if schema in ("raw", "stg") and raw is not None:
            family, row = raw
            written = ["uai", "nom", "commune"] if name.endswith("_matches") else [column]
            for source_column in written:
                cell = _origin(dataset, family, row, source_column)
                if cell is None:
                    if source_column in row and pd.notna(row[source_column]):
                        steps.append({"from": f"raw.{family}.{source_column}", "workbook": row["source_file"],
                                      "note": "not a cell of the table: the sheet's name, its title or the file name"})
                    continue
                archive = _archived(drive, row["source_sha256"], row["source_file"])
                steps.append({"from": f"raw.{family}.{source_column}", "workbook": row["source_file"],
                              "sha256": row["source_sha256"], "sheet": row["source_sheet"], "cell": cell,
                              "archive": str(archive) if archive else None,
                              "archived_value": None if archive is None else
                              cell_value(archive, row["source_sheet"], cell)})
        else:
            steps.append({"from": f"{table}.{column}"})
    unique = {json.dumps(step, sort_keys=True, default=str): step for step in steps}
    return list(unique.values())


def trail(settings: Settings, dataset_id: str, key_text: str) -> dict:
    """Everything from the published value back to the workbook cells, as a dict."""
    dataset = _dataset(dataset_id, settings)
    key = parse_key(key_text, dataset)
    version, published = _published(settings, dataset, key)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        staged = _matching(con.execute(f"select * from {dataset.table}").df(), key)
        if staged.empty:
            raise TrailError(f"{dataset.table} no longer holds {key}: the warehouse moved on since version {version}")
        staged_row = staged.iloc[0].to_dict()
        raw = _raw_row(con, dataset, staged_row)
        schema = warehouse_schema(con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns").fetchall())
        model = next(m for m in staging_models(dataset) if m.table == dataset.table)
        lineage = column_sources(model, schema)
    drive = settings.shared_drive
    columns = {column: {"published": published.get(column),
                        "trail": _column_trail(dataset, lineage.get(column, []), raw, drive) or
                        [{"from": "a constant of the SQL model"}]}
               for column in expand(dataset.columns)}
    dossier = settings.portal_dir / dataset.dataset_id / "versions" / version / "audit.md"
    return {"dataset_id": dataset.dataset_id, "key": key, "version": version,
            "staging_row": {k: str(v) for k, v in staged_row.items()},
            "raw_row": None if raw is None else {"table": f"raw.{raw[0]}", **{k: str(v) for k, v in raw[1].items()}},
            "columns": columns, "code_version": package_code_version(),
            "audit_dossier": str(dossier) if dossier.is_file() else None}


def _print(found: dict) -> None:
    print(f"{found['dataset_id']} {found['key']} — published in version {found['version']}")
    for column, seen in found["columns"].items():
        print(f"  {column} = {seen['published']!r}")
        for step in seen["trail"]:
            if "cell" in step:
                print(f"      ← {step['from']}: {step['workbook']}, sheet {step['sheet']!r}, cell {step['cell']} "
                      f"(sha256 {step['sha256'][:12]}…; archived value {step['archived_value']!r})")
            elif "note" in step:
                print(f"      ← {step['from']}: {step['workbook']}, {step['note']}")
            else:
                print(f"      ← {step['from']}")
    print(f"  code: {', '.join(f'{k} {v}' for k, v in found['code_version'].items())}")
    print(f"  audit dossier: {found['audit_dossier']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mayenne_assets.audit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset_id")
    parser.add_argument("--key", required=True, help="column=value,... (the dataset's key)")
    parser.add_argument("--json", action="store_true", help="print the trail as JSON")
    args = parser.parse_args(argv)
    try:
        found = trail(load_settings(), args.dataset_id, args.key)
    except TrailError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2, default=str))
    else:
        _print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
