"""The journal of the audit trail: each publication, rollback and withdrawal of a dataset, one JSON line each,
oldest first (<portal>/<dataset_id>/journal.jsonl, or _envoye_opendatasoft/journal.jsonl for OpenDataSoft)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


def read_journal(path: Path) -> list[dict]:
    """The journal's entries, oldest first (none when it does not exist yet)."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def append_journal(path: Path, action: str, dataset_id: str, before: str | None, after: str | None,
                   **more) -> dict:
    """A publication, rollback or withdrawal, appended to a journal.jsonl of the audit trail."""
    entry = {"action": action, "dataset_id": dataset_id, "from_version": before, "to_version": after,
             "at": datetime.now(UTC).isoformat(timespec="seconds"), **more}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


@dataclass
class InForce:
    """A dataset's publications as the journal tells them."""

    versions: list[str] = field(default_factory=list)  # of the publications in force, oldest first
    withdrawn: bool = False
    first_published: str | None = None  # ISO date


def publications_in_force(path: Path) -> dict[str, InForce]:
    """Replayed from the journal, by dataset: a publication adds its version, a rollback takes the latest off,
    a withdrawal marks the dataset withdrawn until it is published again."""
    state: dict[str, InForce] = {}
    for entry in read_journal(path):
        dataset = state.setdefault(entry["dataset_id"], InForce())
        if entry["action"] == "publish":
            dataset.versions.append(entry["to_version"])
            dataset.first_published = dataset.first_published or entry["at"][:10]
            dataset.withdrawn = False
        elif entry["action"] == "rollback" and dataset.versions:
            dataset.versions.pop()
        elif entry["action"] == "withdraw":
            dataset.withdrawn = True
    return state


def file_safe(version: str) -> str:
    """A portal's version id as a file name."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in version)
