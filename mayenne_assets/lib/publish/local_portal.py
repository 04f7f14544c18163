"""The embedded publication target: a folder of versioned publications and a catalogue.

    <portal>/catalogue.json                      every dataset with its current version and descriptive record
    <portal>/index.html, catalogue_donnees.csv   the catalogue page a person browses, and the catalogue (Etalab)
    <portal>/<dataset_id>/current.json           which version is published
    <portal>/<dataset_id>/versions/<version>/    the files and metadata.json of one publication

Publishing is one transaction: every file of a version (the data, its Table Schema, metadata.json, what changed,
the audit dossier) is written in a hidden folder and checked there; only then is the folder renamed into place
and current.json switched to it (os.replace is atomic). A failure at any step leaves the previous version
current and the new folder hidden under .failed-…, kept for the engineer to look at. Publishing identical files
again creates no version.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mayenne_assets.lib.publish.catalogue import Site, refresh_catalogue
from mayenne_assets.lib.publish.journal import append_journal


@dataclass(frozen=True)
class Publication:
    dataset_id: str
    version: str
    content_sha256: str
    changed: bool  # False when the same content was already published
    folder: Path


def _content_hash(files: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(hashlib.sha256(files[name].read_bytes()).digest())
    return digest.hexdigest()


AuditFiles = Callable[[str, str], dict[str, str]]  # (version, where it is published) → the audit files' texts


def _json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def _check_staged(staging: Path, files: dict[str, Path], record: dict, others: list[str]) -> None:
    """The staged copies are the content that was hashed, and every other file is there and not empty."""
    copies = {name: staging / name for name in files}
    if _content_hash(copies) != record["content_sha256"]:
        raise OSError(f"{staging}: the files copied for the new version differ from the export; nothing published")
    missing = [name for name in [*others, "metadata.json"] if not (staging / name).is_file()
               or (staging / name).stat().st_size == 0]
    if missing:
        raise OSError(f"{staging}: {', '.join(missing)} could not be written; nothing published")


def write_atomically(path: Path, text: str) -> None:
    """A file written under a hidden temporary name, then renamed: a reader never sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _write_json_atomically(path: Path, payload: object) -> None:
    write_atomically(path, _json(payload))


class LocalPortal:
    def __init__(self, root: Path, site: Site | None = None):
        """Without a site the portal is only read: publishing, rolling back and withdrawing rewrite the catalogue,
        which names its publisher."""
        self.root, self.site = root, site

    def _writable(self) -> Site:
        if self.site is None:
            raise ValueError(f"the portal {self.root} was opened to be read: a change needs its Site")
        return self.site

    def _refresh_catalogue(self) -> None:
        refresh_catalogue(self.root, self._writable())

    def current(self, dataset_id: str) -> dict | None:
        pointer = self.root / dataset_id / "current.json"
        return json.loads(pointer.read_text(encoding="utf-8")) if pointer.is_file() else None

    def versions(self, dataset_id: str) -> list[str]:
        """In the order they were published: two versions of one second are named in their content's order."""
        folder = self.root / dataset_id / "versions"
        names = [p.name for p in folder.iterdir() if not p.name.startswith(".")] if folder.is_dir() else []
        return sorted(names, key=lambda name: (self._published_at(folder / name), name))

    @staticmethod
    def _published_at(version: Path) -> str:
        try:
            return json.loads((version / "metadata.json").read_text(encoding="utf-8"))["published_at"]
        except (OSError, ValueError, KeyError):
            return ""

    def metadata(self, dataset_id: str) -> dict | None:
        current = self.current(dataset_id)
        if current is None:
            return None
        path = self.root / dataset_id / "versions" / current["version"] / "metadata.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def publish(self, dataset_id: str, files: dict[str, Path], metadata: dict,
                extras: dict[str, Path] | None = None, audit: AuditFiles | None = None) -> Publication:
        """A new version when the files' content changed; extras (what changed) and the audit files go with it,
        outside the hash."""
        self._writable()
        content = _content_hash(files)
        current = self.current(dataset_id)
        if current is not None and current["content_sha256"] == content:
            folder = self.root / dataset_id / "versions" / current["version"]
            return Publication(dataset_id, current["version"], content, False, folder)
        now = datetime.now(UTC)
        version = f"{now:%Y%m%dT%H%M%SZ}-{content[:8]}"
        versions = self.root / dataset_id / "versions"
        final = versions / version
        record = {**metadata, "version": version, "content_sha256": content, "published_at": now.isoformat()}
        staging = self._stage(versions, files, extras or {}, record, audit(version, str(final)) if audit else {})
        pointer = {"version": version, "content_sha256": content, "published_at": now.isoformat()}
        self._switch(dataset_id, staging, final, current, pointer, record)
        return Publication(dataset_id, version, content, True, final)

    def _stage(self, versions: Path, files: dict[str, Path], extras: dict[str, Path], record: dict,
               texts: dict[str, str]) -> Path:
        """Every file of the version in a hidden folder, checked against what was meant to be written."""
        versions.mkdir(parents=True, exist_ok=True)
        staging = versions / f".incomplete-{uuid.uuid4().hex}"
        staging.mkdir()
        try:
            for name, source in {**files, **extras}.items():
                shutil.copy2(source, staging / name)
            for name, text in {**texts, "metadata.json": _json(record)}.items():
                (staging / name).write_text(text, encoding="utf-8")
            _check_staged(staging, files, record, [*extras, *texts])
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return staging

    def _switch(self, dataset_id: str, staging: Path, final: Path, before: dict | None, pointer: dict,
                record: dict) -> None:
        """The staged version made current, the catalogue with it; on any failure, the previous state back."""
        pointer_path = self.root / dataset_id / "current.json"
        try:
            os.rename(staging, final)
            _write_json_atomically(pointer_path, pointer)
            self._update_catalogue(dataset_id, record)
        except BaseException:
            if before is None:
                pointer_path.unlink(missing_ok=True)
            else:
                _write_json_atomically(pointer_path, before)
            if final.is_dir():
                os.rename(final, final.with_name(f".failed-{final.name}"))
            self._restore_catalogue(dataset_id)
            raise

    def _restore_catalogue(self, dataset_id: str) -> None:
        """The catalogue as the current versions say, after a failed switch (best effort: the failure is raised)."""
        try:
            record = self.metadata(dataset_id)
            if record is not None:
                self._update_catalogue(dataset_id, record)
                return
            path = self.root / "catalogue.json"
            if path.is_file():
                catalogue = json.loads(path.read_text(encoding="utf-8"))
                catalogue["datasets"].pop(dataset_id, None)
                _write_json_atomically(path, catalogue)
            self._refresh_catalogue()
        except Exception:
            pass

    def _update_catalogue(self, dataset_id: str, record: dict) -> None:
        path = self.root / "catalogue.json"
        catalogue = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"datasets": {}}
        catalogue["datasets"][dataset_id] = {
            "title": record.get("title"),
            "version": record["version"],
            "published_at": record["published_at"],
            "versions": self.versions(dataset_id),
        }
        _write_json_atomically(path, catalogue)
        self._refresh_catalogue()

    def rollback(self, dataset_id: str) -> dict:
        """The version before the current one is published again (the current one stays, as every version)."""
        self._writable()
        current = self.current(dataset_id)
        versions = self.versions(dataset_id)
        earlier = versions[:versions.index(current["version"])] if current and current["version"] in versions else []
        if current is None or not earlier:
            raise ValueError(f"{dataset_id}: no earlier version to restore on {self.root}")
        version = earlier[-1]
        metadata = json.loads((self.root / dataset_id / "versions" / version / "metadata.json").read_text("utf-8"))
        _write_json_atomically(self.root / dataset_id / "current.json", {
            "version": version, "content_sha256": metadata["content_sha256"],
            "published_at": metadata["published_at"]})
        self._refresh_catalogue()
        return append_journal(self._journal(dataset_id), "rollback", dataset_id, current["version"], version)

    def withdraw(self, dataset_id: str) -> dict:
        """Unpublished: no current version any more; every version stays in versions/ for the record."""
        self._writable()
        current = self.current(dataset_id)
        if current is None:
            raise ValueError(f"{dataset_id} is not published on {self.root}")
        (self.root / dataset_id / "current.json").unlink()
        self._refresh_catalogue()
        return append_journal(self._journal(dataset_id), "withdraw", dataset_id, current["version"], None)

    def _journal(self, dataset_id: str) -> Path:
        """Every rollback and withdrawal of the dataset, for the audit trail."""
        return self.root / dataset_id / "journal.jsonl"
