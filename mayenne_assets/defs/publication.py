"""Publishing an export with its descriptive record (the "fiche descriptive") on the configured portal."""

from __future__ import annotations

import json
from datetime import date

import dagster as dg

from mayenne_assets.lib.exports import table_schema
from mayenne_assets.resources import DataProtection, ExportStore, PortalResource
from mayenne_assets.spec.datasets import CONTACT, LICENCE, PUBLISHER, PUBLISHER_SIREN, Dataset


def descriptive_record(dataset: Dataset, provenance: dict) -> dict:
    first, last = provenance["temporal"]
    return {
        "dataset_id": dataset.dataset_id,
        "title": dataset.title,
        "description": dataset.description,
        "keywords": list(dataset.keywords),
        "theme": "Éducation",
        "license": LICENCE,
        "language": "fr",
        "publisher": PUBLISHER,
        "publisher_siren": PUBLISHER_SIREN,
        "contact": CONTACT,
        "spatial": "Département de la Mayenne (53)",
        "temporal_coverage": {"start": first, "end": last},
        "update_frequency": dataset.frequency,
        "modified": date.today().isoformat(),
        "sources": provenance["sources"],
        "records": provenance["rows"],
        "fields": table_schema(dataset.schema)["fields"],
    }


def publish_export(
    dataset: Dataset, exports: ExportStore, portal: PortalResource, data_protection: DataProtection
) -> dg.MaterializeResult:
    folder = exports.folder(dataset.dataset_id)
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    approval = data_protection.approval(dataset.dataset_id) if dataset.personal_data else None
    if dataset.personal_data and approval is None:
        reason = (f"not published: {dataset.dataset_id} holds personal data "
                  f"({', '.join(dataset.personal_data)}) and no approval of the data protection officer is "
                  f"recorded for it in {data_protection.approvals_file}")
        dg.get_dagster_logger().warning(reason)
        return dg.MaterializeResult(metadata={"published": False, "skipped_reason": reason})
    files = {name: folder / name for name in provenance["files"]}
    record = descriptive_record(dataset, provenance)
    if approval is not None:
        record["personal_data"] = {"columns": dataset.personal_data, "approval": approval}
    publication = portal.portal().publish(dataset.dataset_id, files, record)
    return dg.MaterializeResult(metadata={
        "published": True,
        "dataset_id": dataset.dataset_id,
        "version": publication.version,
        "new_version": publication.changed,
        "records": provenance["rows"],
        "folder": dg.MetadataValue.path(str(publication.folder)),
    })
