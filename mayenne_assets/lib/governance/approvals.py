"""The data protection officer's approvals, recorded in a TOML file: who approved which dataset, and when."""

from __future__ import annotations

import tomllib
from pathlib import Path


def find_approval(approvals_file: Path, dataset_id: str) -> dict | None:
    """The approval recorded for the dataset, or None (also when the file does not exist)."""
    if not approvals_file.is_file():
        return None
    recorded = tomllib.loads(approvals_file.read_text(encoding="utf-8")).get("approval", [])
    for approval in recorded:
        if approval.get("dataset_id") == dataset_id and approval.get("approved_by") and approval.get("approved_on"):
            return {key: str(value) for key, value in approval.items()}
    return None
