"""Publishing an export with its descriptive record (the "fiche descriptive") on the configured portal."""

from __future__ import annotations

import json
from datetime import date

import dagster as dg

from mayenne_assets.lib.exports import table_schema
from mayenne_assets.resources import ExportStore, PortalResource
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


def publish_export(dataset: Dataset, exports: ExportStore, portal: PortalResource) -> dg.MaterializeResult:
    folder = exports.folder(dataset.dataset_id)
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    files = {name: folder / name for name in provenance["files"]}
    publication = portal.portal().publish(dataset.dataset_id, files, descriptive_record(dataset, provenance))
    return dg.MaterializeResult(metadata={
        "dataset_id": dataset.dataset_id,
        "version": publication.version,
        "new_version": publication.changed,
        "records": provenance["rows"],
        "folder": dg.MetadataValue.path(str(publication.folder)),
    })
