"""Publishing a dataset on OpenDataSoft, idempotently: find it by dataset_id or create it, replace its CSV resource
when the data changed, write its descriptive record in the default, internal and dcat templates, describe its
fields, publish, and wait until the portal says it is idle and published.

The portal keeps a version of each change, not of each publication: a publication returns the version of its last
change, for a rollback to find it. A publication that fails half-way puts the dataset back to the version it had
before it started (and publishes that again if it was published), so the portal is as it was."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

from mayenne_assets.declarations.dataset import LICENCE, LICENCE_SPDX
from mayenne_assets.lib.publish.coverage import coverage_text, interval
from mayenne_assets.lib.publish.dcat import frequency_uri
from mayenne_assets.lib.publish.ods_client import OdsClient, OdsError

# Where each value of our descriptive record goes on the portal: (template, field) → record key. The default and
# internal fields are those of the API description; dcat those OpenDataSoft documents for its DCAT template, with
# the values of our own DCAT-AP catalogue (the frequency as the EU vocabulary's URI). A
# template or field the portal lacks is not sent (it is reported once in the publication's metadata).
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
    ("dcat", "contact_name"): "publisher_service",
    ("dcat", "contact_email"): "contact",
    ("dcat", "spatial"): "spatial",
    ("dcat", "temporal"): "temporal",
    ("dcat", "accrualperiodicity"): "frequency_uri",
}
LICENCE_IDS = {LICENCE: LICENCE_SPDX}
SIREN_WORD = "siren"  # a template field whose name holds it can hold the publisher's SIREN


@dataclass(frozen=True)
class OdsPublication:
    dataset_uid: str
    changed: bool
    status: dict
    not_sent: tuple[str, ...] = ()  # template.field the portal lacks
    version: str = ""  # the portal's version after the publication's last change


@dataclass(frozen=True)
class Placement:
    """Where the values that have no fixed field go on this portal."""

    siren: tuple[str, str] | None  # (template, field), or None: in the description's closing line
    temporal: bool  # dcat.temporal exists; else the coverage goes in the description's closing line


def placement(templates: dict[str, set[str]]) -> Placement:
    siren = next(((template, field) for template, fields in sorted(templates.items()) for field in sorted(fields)
                  if SIREN_WORD in field.lower()), None)
    return Placement(siren, "temporal" in templates.get("dcat", set()))


def closing_line(record: dict, where: Placement) -> str:
    """What the description says of what the portal has no field for."""
    parts = []
    if where.siren is None:
        parts.append(f"Producteur : {record['publisher']} (SIREN {record['publisher_siren']})")
    if not where.temporal:
        parts.append(f"Période couverte : {coverage_text(record['temporal_coverage'])}")
    return ". ".join(parts) + "." if parts else ""


def split_closing(description: str) -> tuple[str, dict[str, str]]:
    """The description as written by the data officer, and what its closing line says (siren, temporal)."""
    body, _, last = description.rpartition("\n\n")
    siren = re.search(r"\(SIREN (\d{9})\)", last)
    coverage = re.search(r"Période couverte : (?:(\d{4})–(\d{4})|état au (\d\d)/(\d\d)/(\d{4}))", last)
    if not body or not (siren or coverage):
        return description, {}
    return body, {**({"siren": siren.group(1)} if siren else {}),
                  **({"temporal": _said_interval(coverage)} if coverage else {})}


def _said_interval(coverage: re.Match) -> str:
    if coverage.group(1):
        return f"{coverage.group(1)}/{coverage.group(2)}"
    day = f"{coverage.group(5)}-{coverage.group(4)}-{coverage.group(3)}"
    return f"{day}/{day}"


def ods_values(record: dict, where: Placement) -> dict[tuple[str, str], object]:
    """Our descriptive record as (template, field) → value, for this portal."""
    closing = closing_line(record, where)
    flat = {**record, "license_id": LICENCE_IDS.get(record["license"], record["license"]),
            "modified_at": f"{record['modified']}T00:00:00Z", "themes": [record["theme"]],
            "temporal": interval(record["temporal_coverage"]),
            "frequency_uri": frequency_uri(record["update_frequency"]),
            "description": record["description"] + (f"\n\n{closing}" if closing else "")}
    values = {place: flat[key] for place, key in METADATA_MAP.items()}
    if where.siren:
        values[where.siren] = record["publisher_siren"]
    return values


def read_back(client: OdsClient, uid: str) -> dict[str, dict[str, object]]:
    """The values the portal holds: template → field → value."""
    return {template: {field: value.get("value") if isinstance(value, dict) else value
                       for field, value in fields.items()}
            for template, fields in client.metadata(uid).items()}


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


def _write_metadata(client: OdsClient, uid: str, wanted: dict[tuple[str, str], object],
                    data_changed: bool) -> tuple[bool, tuple[str, ...]]:
    """Each field that differs from what the portal holds, one at a time, so that the back-office's other fields
    stay; a field the portal lacks is not sent but returned. The modification date alone does not count."""
    available, held = client.templates(), read_back(client, uid)
    changed, not_sent = False, []
    for (template, field), value in wanted.items():
        if field not in available.get(template, set()):
            not_sent.append(f"{template}.{field}")
            continue
        differs = held.get(template, {}).get(field) != value
        if ((template, field) != ("default", "modified") and differs) or (data_changed and differs):
            client.put_metadata_field(uid, template, field, value)
            changed = True
    return changed, tuple(not_sent)


def _describe_fields(client: OdsClient, uid: str, fields: list[dict]) -> bool:
    """One description per field, updated in place when it changed."""
    existing = {f.get("field"): f for f in client.fields(uid) if f.get("type") == "description"}
    changed = False
    for field in (f for f in fields if f["description"]):
        configuration = {"type": "description", "label": f"Description de {field['name']}", "field": field["name"],
                         "description": field["description"]}
        current = existing.get(field["name"])
        if current is None:
            client.add_field(uid, configuration)
        elif current.get("description") != field["description"]:
            client.update_field(uid, current["uid"], configuration)
        else:
            continue
        changed = True
    return changed


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
    wanted = ods_values(record, placement(client.templates()))
    known = client.templates().get("default", set())  # a new dataset gets only the fields this portal has
    default = {field: value for (template, field), value in wanted.items() if template == "default" and field in known}
    dataset = client.find_dataset(dataset_id) or client.create_dataset(dataset_id, default)
    uid = dataset["uid"]
    before = client.latest_version(uid)
    try:
        return _publish(client, dataset, record, wanted, csv_path, attachments or [], timeout, poll)
    except Exception:
        _put_back(client, uid, before, bool(dataset.get("is_published")), timeout, poll)
        raise


def _publish(client: OdsClient, dataset: dict, record: dict, wanted: dict, csv_path: Path, attachments: list[Path],
             timeout: float, poll: float) -> OdsPublication:
    uid = dataset["uid"]
    changed = _replace_data(client, uid, record["dataset_id"], csv_path)
    if changed and attachments:
        _replace_attachments(client, uid, attachments)
    written, not_sent = _write_metadata(client, uid, wanted, changed)
    changed |= written
    changed |= _describe_fields(client, uid, record["fields"])
    if not changed and dataset.get("is_published"):
        return OdsPublication(uid, False, client.status(uid), not_sent, client.latest_version(uid) or "")
    client.publish(uid)
    status = wait_until_published(client, uid, timeout, poll)
    return OdsPublication(uid, True, status, not_sent, client.latest_version(uid) or "")


def _put_back(client: OdsClient, uid: str, version: str | None, was_published: bool, timeout: float,
              poll: float) -> None:
    """After a failure half-way: the version the dataset had before, published again if it was (best effort:
    the failure itself is what the caller reports)."""
    try:
        if version is not None and client.latest_version(uid) != version:
            client.restore(uid, version)
            if was_published:
                client.publish(uid)
                wait_until_published(client, uid, timeout, poll)
    except OdsError:
        pass
