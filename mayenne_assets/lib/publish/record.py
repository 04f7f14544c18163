"""A dataset's descriptive record (the « fiche descriptive »): what the portal, the catalogue and the audit
dossier say of one publication, from the dataset's declaration, its territory and the export's provenance."""

from __future__ import annotations

from datetime import date

from mayenne_assets.declarations.dataset import LICENCE, PUBLISHER_SERVICE, Dataset
from mayenne_assets.lib.export.files import table_schema
from mayenne_assets.lib.export.schemas import dataset_schema


def descriptive_record(dataset: Dataset, provenance: dict, contact_person: str | None = None) -> dict:
    first, last = provenance["temporal"]
    territory = dataset.territory
    return {
        "dataset_id": dataset.dataset_id,
        "title": dataset.title,
        "description": dataset.description,
        "keywords": list(dataset.keywords),
        "theme": "Éducation",
        "license": LICENCE,
        "language": "fr",
        "publisher": territory.publisher,
        "publisher_siren": territory.siren,
        "publisher_siret": territory.siret,
        "publisher_service": PUBLISHER_SERVICE,
        "contact": territory.contact,
        "spatial": f"{territory.publisher} ({territory.code})",
        "temporal_coverage": {"start": first, "end": last},
        "update_frequency": dataset.frequency,
        "modified": date.today().isoformat(),
        "data_modified": provenance.get("data_modified") or date.today().isoformat(),  # at its producers
        "contact_person": contact_person,
        "sources": provenance["sources"],
        "records": provenance["rows"],
        "held_rows": provenance.get("held_rows", 0),
        "fields": table_schema(dataset_schema(dataset))["fields"],
    }
