"""Publishing a dataset on OpenDataSoft, idempotently: find it by dataset_id or create it, replace its CSV resource
when the data changed, write its descriptive record in the default, internal and dcat templates, describe its
fields, publish, and wait until the portal says it is idle and published."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from mayenne_assets.lib.publish.ods_client import OdsClient, OdsError

# Where each value of our descriptive record goes on the portal: (template, field) → record key. The default and
# internal fields are those of the API description; dcat is the portal's DCAT template.
METADATA_MAP: dict[tuple[str, str], str] = {
    ("default", "title"): "title",
    ("default", "description"): "description",
    ("default", "keyword"): "keywords",
    ("default", "language"): "language",
    ("default", "publisher"): "publisher",
    ("default", "modified"): "modified_at",
    ("internal", "license_id"): "license_id",
    ("internal", "theme_id"): "themes",
    ("dcat", "creator"): "publisher",
    ("dcat", "publisher_siren"): "publisher_siren",
    ("dcat", "contact_email"): "contact",
    ("dcat", "spatial"): "spatial",
    ("dcat", "temporal_coverage_start"): "temporal_start",
    ("dcat", "temporal_coverage_end"): "temporal_end",
    ("dcat", "accrualperiodicity"): "update_frequency",
}
LICENCE_IDS = {"Licence Ouverte v2.0 (Etalab)": "etalab-2.0"}


@dataclass(frozen=True)
class OdsPublication:
    dataset_uid: str
    changed: bool
    status: dict


def ods_values(record: dict) -> dict[str, dict[str, object]]:
    """Our descriptive record as the portal's metadata templates."""
    flat = {**record, "license_id": LICENCE_IDS.get(record["license"], record["license"]),
            "modified_at": f"{record['modified']}T00:00:00Z", "themes": [record["theme"]],
            "temporal_start": str(record["temporal_coverage"]["start"]),
            "temporal_end": str(record["temporal_coverage"]["end"])}
    templates: dict[str, dict[str, object]] = {}
    for (template, field), key in METADATA_MAP.items():
        templates.setdefault(template, {})[field] = flat[key]
    return templates


def read_back(client: OdsClient, uid: str) -> dict[str, dict[str, object]]:
    """The values the portal holds, in the same shape as ods_values."""
    held = client.metadata(uid)
    return {template: {field: value.get("value") for field, value in fields.items()}
            for template, fields in held.items() if isinstance(fields, dict)}


def _resource(title: str, file_uid: str) -> dict:
    return {"type": "csvfile", "title": title,
            "datasource": {"type": "uploaded_file", "file": {"uid": file_uid}},
            "params": {"separator": ";", "encoding": "utf-8", "headers_first_row": True}}


def _replace_data(client: OdsClient, uid: str, dataset_id: str, csv_path: Path) -> bool:
    """Upload the CSV and point the dataset's resource at it, unless that exact content is already there."""
    title = f"{dataset_id}.csv ({hashlib.sha256(csv_path.read_bytes()).hexdigest()[:16]})"
    current = next((r for r in client.resources(uid) if r.get("title", "").startswith(f"{dataset_id}.csv")), None)
    if current is not None and current["title"] == title:
        return False
    uploaded = client.upload_file(uid, csv_path)
    client.put_resource(uid, _resource(title, uploaded["uid"]), current["uid"] if current else None)
    return True


def _replace_attachments(client: OdsClient, uid: str, paths: list[Path]) -> None:
    """The other files of the export (Parquet, Table Schema) as attachments, each replacing its namesake."""
    names = {path.name for path in paths}
    for attachment in client.attachments(uid):
        if attachment.get("filename") in names:
            client.delete_attachment(uid, attachment["uid"])
    for path in paths:
        client.add_attachment(uid, path)


def _write_metadata(client: OdsClient, uid: str, wanted: dict[str, dict[str, object]], data_changed: bool) -> bool:
    """Write the templates that differ from what the portal holds; the modification date alone does not count,
    it is written with new data."""
    held = read_back(client, uid)
    changed = False
    for template, values in wanted.items():
        differs = any(held.get(template, {}).get(field) != value for field, value in values.items()
                      if (template, field) != ("default", "modified"))
        if differs or (data_changed and template == "default"):
            client.put_metadata(uid, template, values)
            changed = True
    return changed


def _describe_fields(client: OdsClient, uid: str, fields: list[dict]) -> bool:
    described = {(f.get("field"), f.get("description")) for f in client.fields(uid) if f.get("type") == "description"}
    missing = [f for f in fields if f["description"] and (f["name"], f["description"]) not in described]
    for field in missing:
        client.add_field(uid, {"type": "description", "label": f"Description de {field['name']}",
                               "field": field["name"], "description": field["description"]})
    return bool(missing)


def wait_until_published(client: OdsClient, uid: str, timeout: float, poll: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = client.status(uid)
        if status.get("records_errors"):
            errors = "; ".join(e.get("message", "?") for e in status["records_errors"][:5])
            raise OdsError(f"the portal reported {len(status['records_errors'])} record error(s): {errors}")
        if status.get("status") in {"error", "limit_reached"}:
            raise OdsError(f"the portal's processing ended in {status['status']}: {status.get('message')}")
        if status.get("status") == "idle" and status.get("is_published"):
            return status
        if time.monotonic() > deadline:
            raise OdsError(f"still {status.get('status')} after {timeout:.0f} s; the publication did not finish")
        time.sleep(poll)


def publish_to_ods(client: OdsClient, record: dict, csv_path: Path, timeout: float = 600.0,
                   poll: float = 2.0, attachments: list[Path] | None = None) -> OdsPublication:
    dataset_id = record["dataset_id"]
    wanted = ods_values(record)
    dataset = client.find_dataset(dataset_id) or client.create_dataset(dataset_id, wanted["default"])
    uid = dataset["uid"]
    changed = _replace_data(client, uid, dataset_id, csv_path)
    if changed and attachments:
        _replace_attachments(client, uid, attachments)
    changed |= _write_metadata(client, uid, wanted, changed)
    changed |= _describe_fields(client, uid, record["fields"])
    if not changed and dataset.get("is_published"):
        return OdsPublication(uid, False, client.status(uid))
    client.publish(uid)
    return OdsPublication(uid, True, wait_until_published(client, uid, timeout, poll))
