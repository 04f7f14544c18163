"""The two publication targets behind one interface: the local portal (embedded default) and OpenDataSoft.

Each publishes a dataset's files with its descriptive record, and reads back what it holds, so that an asset
check can compare what was sent with what the portal kept (the publisher SIREN vanished by hand, once)."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mayenne_assets.lib.publish.catalogue import Site, ods_links, record_path, refresh_catalogue
from mayenne_assets.lib.publish.coverage import from_interval
from mayenne_assets.lib.publish.journal import append_journal, file_safe, publications_in_force
from mayenne_assets.lib.publish.local_portal import AuditFiles, LocalPortal, write_atomically
from mayenne_assets.lib.publish.ods_client import OdsClient, OdsError
from mayenne_assets.lib.publish.ods_publication import (
    LICENCE_IDS,
    placement,
    publish_to_ods,
    read_back,
    split_closing,
    wait_until_published,
)

REQUIRED_FIELDS = ("title", "description", "license", "publisher_siren", "temporal_coverage")


@dataclass(frozen=True)
class Outcome:
    version: str
    changed: bool
    where: str
    not_sent: tuple[str, ...] = ()  # template.field the portal has no place for
    dossier: str = ""  # where the audit dossier of a new version is kept


@dataclass(frozen=True)
class ReadBack:
    records: int
    values: dict  # the REQUIRED_FIELDS as the portal holds them


def readback_problems(sent: dict, held: ReadBack | None) -> list[str]:
    if held is None:
        return ["the portal holds no publication of this dataset"]
    problems = [f"{field}: sent {sent.get(field)!r}, the portal holds {held.values.get(field)!r}"
                for field in REQUIRED_FIELDS if not held.values.get(field) or held.values.get(field) != sent[field]]
    if held.records != sent["records"]:
        problems.append(f"records: sent {sent['records']}, the portal holds {held.records}")
    return problems


class LocalBackend:
    def __init__(self, root: Path, site: Site):
        self.portal = LocalPortal(root, site)

    def published_csv(self, dataset_id: str) -> Path | None:
        """The main CSV of the current version: what reusers hold now."""
        record = self.portal.metadata(dataset_id)
        return None if record is None else self.portal.root / dataset_id / "versions" / record["version"] / \
            f"{dataset_id}.csv"

    def version_in_force(self, dataset_id: str) -> str | None:
        """The version reusers hold now; None when the dataset is not published."""
        current = self.portal.current(dataset_id)
        return current["version"] if current else None

    def landing_page(self, dataset_id: str) -> str:
        """Where a person finds every version and file of the dataset, from the portal folder's root."""
        return f"{dataset_id}/"

    def publish(self, dataset_id: str, files: dict[str, Path], record: dict,
                extras: dict[str, Path] | None = None, audit: AuditFiles | None = None) -> Outcome:
        """One transaction: the audit dossier is written into the version before it becomes current."""
        publication = self.portal.publish(dataset_id, files, record, extras, audit)
        where = str(publication.folder)
        return Outcome(publication.version, publication.changed, where, dossier=where if audit else "")

    def rollback(self, dataset_id: str) -> dict:
        return self.portal.rollback(dataset_id)

    def withdraw(self, dataset_id: str) -> dict:
        return self.portal.withdraw(dataset_id)

    def read_back(self, dataset_id: str) -> ReadBack | None:
        record = self.portal.metadata(dataset_id)
        if record is None:
            return None
        folder = self.portal.root / dataset_id / "versions" / record["version"]
        with (folder / f"{dataset_id}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
        return ReadBack(rows, {field: record.get(field) for field in REQUIRED_FIELDS})


class OdsBackend:
    """OpenDataSoft; the CSV last sent is kept in `sent` (a local folder), to tell what the next one changes."""

    def __init__(self, client: OdsClient, sent: Path, site: Site, timeout: float = 600.0, poll: float = 2.0):
        self.client, self.sent, self.timeout, self.poll = client, sent, timeout, poll
        self.site = site  # for the catalogue written beside `sent`

    def published_csv(self, dataset_id: str) -> Path | None:
        path = self.sent / f"{dataset_id}.csv"
        return path if path.is_file() else None

    def version_in_force(self, dataset_id: str) -> str | None:
        """The portal version of the publication in force (the journal's); None when none is."""
        stack = self._publications(dataset_id)
        return stack[-1] if stack else None

    def landing_page(self, dataset_id: str) -> str:
        """The dataset's page on the portal."""
        return ods_links(self.client.root, dataset_id)["page"]

    def publish(self, dataset_id: str, files: dict[str, Path], record: dict,
                extras: dict[str, Path] | None = None, audit: AuditFiles | None = None) -> Outcome:
        """The audit dossier is kept locally once the portal took the version (it is not published there)."""
        csv_name = f"{dataset_id}.csv"
        others = [path for name, path in sorted({**files, **(extras or {})}.items()) if name != csv_name]
        result = publish_to_ods(self.client, record, files[csv_name], self.timeout, self.poll, others)
        version, where = result.version, f"{self.client.root} ({result.dataset_uid})"
        if not result.changed:
            return Outcome(version, False, where, result.not_sent)
        self.sent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(files[csv_name], self.sent / csv_name)
        stack = self._publications(dataset_id)
        write_atomically(record_path(self.sent, dataset_id, version), json.dumps(
            {**record, "version": version, "published_at": datetime.now(UTC).isoformat(),
             **ods_links(self.client.root, dataset_id)}, ensure_ascii=False, indent=2, default=str))
        append_journal(self.journal, "publish", dataset_id, stack[-1] if stack else None, version,
                       portal=self.client.root)
        refresh_catalogue(self.sent.parent, self.site)
        dossier = self._keep_audit(dataset_id, version, audit(version, where)) if audit else ""
        return Outcome(version, True, where, result.not_sent, dossier)

    @property
    def journal(self) -> Path:
        return self.sent / "journal.jsonl"

    def _publications(self, dataset_id: str) -> list[str]:
        """The portal versions of the dataset's publications in force, oldest first."""
        state = publications_in_force(self.journal).get(dataset_id)
        return state.versions if state else []

    def _uid(self, dataset_id: str) -> str:
        dataset = self.client.find_dataset(dataset_id)
        if dataset is None:
            raise OdsError(f"{dataset_id} does not exist on {self.client.root}")
        return dataset["uid"]

    def rollback(self, dataset_id: str) -> dict:
        """The previous publication, not the previous change: the portal's version recorded by the publication
        before the current one is restored (dataset versions API), then published again."""
        uid = self._uid(dataset_id)
        stack = self._publications(dataset_id)
        if len(stack) < 2:
            raise OdsError(f"{dataset_id}: no earlier publication recorded in {self.journal} to go back to")
        current, previous = stack[-1], stack[-2]
        if previous == current:
            raise OdsError(f"{dataset_id}: the previous publication's version {previous} is the current one")
        kept = {v["uid"] for v in self.client.versions(uid) if v.get("can_restore", True)}
        if previous not in kept:
            raise OdsError(f"{dataset_id}: the previous publication's version {previous} is no longer kept by "
                           f"{self.client.root} (a portal keeps only its latest changes); nothing was restored")
        self.client.restore(uid, previous)
        self.client.publish(uid)
        wait_until_published(self.client, uid, self.timeout, self.poll)
        (self.sent / f"{dataset_id}.csv").unlink(missing_ok=True)  # what reusers hold is no longer what was sent
        entry = append_journal(self.journal, "rollback", dataset_id, current, previous, portal=self.client.root)
        refresh_catalogue(self.sent.parent, self.site)
        return entry

    def withdraw(self, dataset_id: str) -> dict:
        uid = self._uid(dataset_id)
        stack = self._publications(dataset_id)
        self.client.unpublish(uid)
        entry = append_journal(self.journal, "withdraw", dataset_id, stack[-1] if stack else None, None,
                               portal=self.client.root, dataset_uid=uid)
        refresh_catalogue(self.sent.parent, self.site)
        return entry

    def _keep_audit(self, dataset_id: str, version: str, texts: dict[str, str]) -> str:
        """The audit dossier, kept locally beside the CSV last sent (not published on the portal)."""
        folder = self.sent / "audit" / dataset_id / file_safe(version)
        for name, text in texts.items():
            write_atomically(folder / name, text)
        return str(folder)

    def read_back(self, dataset_id: str) -> ReadBack | None:
        """The required fields wherever this portal holds them (the SIREN in a template field, or the
        description's closing line; the coverage in dcat.temporal, or that line)."""
        dataset = self.client.find_dataset(dataset_id)
        if dataset is None:
            return None
        held = read_back(self.client, dataset["uid"])
        where = placement(self.client.templates())
        description, said = split_closing(held.get("default", {}).get("description") or "")
        licence = {v: k for k, v in LICENCE_IDS.items()}.get(held.get("internal", {}).get("license_id"))
        temporal = held.get("dcat", {}).get("temporal") if where.temporal else said.get("temporal")
        values = {
            "title": held.get("default", {}).get("title"),
            "description": description,
            "license": licence,
            "publisher_siren": held.get(where.siren[0], {}).get(where.siren[1]) if where.siren else said.get("siren"),
            "temporal_coverage": from_interval(temporal),
        }
        return ReadBack(self.client.record_count(dataset_id), values)


def undo(backend: LocalBackend | OdsBackend, action: str, dataset_id: str) -> dict:
    """« rollback » or « withdraw »; raises ValueError (local portal) or OdsError (OpenDataSoft) when there is
    nothing to undo."""
    return backend.rollback(dataset_id) if action == "rollback" else backend.withdraw(dataset_id)
