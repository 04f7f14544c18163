"""Publishing an export with its descriptive record (the "fiche descriptive") on the configured portal."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.defs.reporting import fail_with
from mayenne_assets.lib.export.validation import read_export
from mayenne_assets.lib.governance.dossier import build_dossier, checks_of, dossier_markdown, value_cells
from mayenne_assets.lib.governance.versions import package_code_version
from mayenne_assets.lib.governance.withdrawals import vanished_periods
from mayenne_assets.lib.publish.backends import readback_problems
from mayenne_assets.lib.publish.changes import read_published, summary, table_changes, write_changes
from mayenne_assets.lib.publish.local_portal import AuditFiles
from mayenne_assets.lib.publish.record import descriptive_record
from mayenne_assets.lib.warehouse.tables import row_count
from mayenne_assets.resources import DataProtection, ExportStore, PortalResource, Warehouse

READ_BACK_CHECK = "read_back"


def read_back_result(backend, dataset: Dataset, record: dict | None, key: dg.AssetKey) -> dg.AssetCheckResult:
    if record is None:
        return dg.AssetCheckResult(asset_key=key, check_name=READ_BACK_CHECK, passed=True,
                                   metadata={"note": "nothing was published, so nothing to read back"})
    problems = readback_problems(record, backend.read_back(dataset.dataset_id))
    return dg.AssetCheckResult(asset_key=key, check_name=READ_BACK_CHECK, passed=not problems,
                               severity=dg.AssetCheckSeverity.ERROR,
                               metadata={"problems": dg.MetadataValue.json(problems), "records": record["records"]})


CHANGES_FILE = "changes.csv"


def _changes(dataset: Dataset, backend, files: dict[str, Path], scratch: Path,
             withdrawn: set[str]) -> tuple[Path, dict]:
    """What this publication changes from the one reusers hold now: changes.csv and its summary. A period the
    published table holds and the new one lacks stops the publication unless its withdrawal is recorded."""
    previous = backend.published_csv(dataset.dataset_id)
    current = read_published(files[f"{dataset.dataset_id}.csv"])
    before = read_published(previous) if previous is not None else None
    vanished = [p for p in vanished_periods(before, current, dataset.temporal_column) if p not in withdrawn]
    fail_with([f"{dataset.dataset_id} : la période {period} ({dataset.temporal_column}) est publiée et la nouvelle "
               "version n'en a rien (des cellules effacées, un onglet ou un classeur manquant ?) ; rien n'est "
               "publié. Si elle est retirée exprès, inscrivez-la dans le fichier des retraits (dataset_id, periode, "
               "decide_par, le, motif) et publiez de nouveau" for period in vanished],
              f"{dataset.dataset_id} : une période disparaîtrait")
    changes = table_changes(before, current, list(dataset.unique))
    period = dataset.temporal_column if dataset.temporal_column in dataset.unique else None
    return write_changes(changes, scratch / CHANGES_FILE), summary(changes, period, first=before is None)


def _audit_dossier(dataset: Dataset, warehouse: Warehouse, exports: ExportStore, approval: dict | None,
                   rows: int) -> AuditFiles:
    """The audit dossier of the new version, built before anything is published (what can fail, fails here);
    the backend writes it into the version, with the version's name and place, before it becomes current."""
    published = read_export(exports.folder(dataset.dataset_id), dataset)
    warnings = [(w.name, w.finds(published)) for w in dataset.warning_checks]
    with warehouse.connect(read_only=True) as con:
        revisions = row_count(con, f"stg.{dataset.group}_revisions")
        dossier = build_dossier(con, dataset, {}, checks_of(rows, revisions, warnings), approval,
                                package_code_version())
        cells = value_cells(con, dataset)
    dossier["value_cells"] = {"file": "audit_cells.csv", "rows": len(cells)}
    cells_text = cells.to_csv(sep=";", index=False, lineterminator="\n")

    def files(version: str, where: str) -> dict[str, str]:
        placed = {**dossier, "publication": {"version": version, "where": where}}
        return {"audit.json": json.dumps(placed, ensure_ascii=False, indent=2, default=str),
                "audit.md": dossier_markdown(placed), "audit_cells.csv": cells_text}

    files("", "")  # rendered once here too, so that a value it cannot write stops the publication now
    return files


def publish_export(
    dataset: Dataset, key: dg.AssetKey, exports: ExportStore, portal: PortalResource, data_protection: DataProtection,
    warehouse: Warehouse, withheld: Callable[[str], None] = lambda reason: None, column_trail: str = "",
) -> dg.MaterializeResult:
    """withheld(reason) is told when the dataset is not published for want of an approval; column_trail, each
    published column's trail to the workbooks, is shown in the UI with the publication."""
    backend = portal.backend(dataset.territory)
    folder = exports.folder(dataset.dataset_id)
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    approval = data_protection.approval(dataset.dataset_id) if dataset.personal_data else None
    if dataset.personal_data and approval is None:
        reason = (f"non publié : {dataset.dataset_id} contient des données personnelles "
                  f"({', '.join(dataset.personal_data)}) et aucune approbation du délégué à la protection des "
                  f"données n'est inscrite pour lui dans {data_protection.approvals_file}")
        dg.get_dagster_logger().warning(reason)
        withheld(reason)
        return dg.MaterializeResult(metadata={"published": False, "skipped_reason": reason},
                                    check_results=[read_back_result(backend, dataset, None, key)])
    files = {name: folder / name for name in provenance["files"]}
    record = descriptive_record(dataset, provenance, portal.contact_person)
    if approval is not None:
        record["personal_data"] = {"columns": dataset.personal_data, "approval": approval}
    audit = _audit_dossier(dataset, warehouse, exports, approval, provenance["rows"])
    with tempfile.TemporaryDirectory() as scratch:
        changes_file, record["changes"] = _changes(dataset, backend, files, Path(scratch),
                                                   data_protection.withdrawn(dataset.dataset_id))
        outcome = backend.publish(dataset.dataset_id, files, record, {CHANGES_FILE: changes_file}, audit)
    return dg.MaterializeResult(
        metadata={
            "published": True,
            "dataset_id": dataset.dataset_id,
            "version": outcome.version,
            "new_version": outcome.changed,
            "changes": record["changes"]["resume"] if outcome.changed else "aucun changement",
            "records": provenance["rows"],
            "held_rows": provenance.get("held_rows", 0),
            "where": outcome.where,
            "fields_the_portal_lacks": dg.MetadataValue.json(list(outcome.not_sent)),
            "audit_dossier": dg.MetadataValue.path(outcome.dossier) if outcome.dossier
            else "unchanged: the version's dossier stands",
            "column_trail": dg.MetadataValue.md(column_trail),
        },
        check_results=[read_back_result(backend, dataset, record, key)],
    )
