"""Data and code versions, so that the Dagster UI marks what is stale and why: a raw asset's data version is the
sha256 of the workbooks it read; each asset's code version changes when its SQL, its declaration (the dataset's
module, the families and the field dictionary) or the Python of its stage changes. The package's code version,
for the audit dossier, is the git commit when there is one, else the package version and a hash of the SQL and
declarations."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import subprocess
from functools import cache
from importlib import metadata

from mayenne_assets.declarations import FOLDER as DECLARATIONS
from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.warehouse.tables import SQL_DIR

PROJECT_ROOT = SQL_DIR.parent  # the checkout, when the package runs from one

STAGE_MODULES = {  # the Python behind each stage of a lineage, beside the dataset's own module
    "raw": ("mayenne_assets.lib.read.raw_tables", "mayenne_assets.lib.read.table_reader",
            "mayenne_assets.lib.prepare.cells"),
    "stg": ("mayenne_assets.lib.identify.matching", "mayenne_assets.lib.identify.resolve",
            "mayenne_assets.lib.warehouse.revisions"),
    "export": ("mayenne_assets.lib.export.schemas", "mayenne_assets.lib.export.checks",
               "mayenne_assets.lib.export.files", "mayenne_assets.lib.export.validation"),
    "portal": ("mayenne_assets.defs.publication", "mayenne_assets.lib.publish.record",
               "mayenne_assets.lib.publish.local_portal", "mayenne_assets.lib.publish.ods_publication"),
}


def _digest(texts: list[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(hashlib.sha256(text.encode()).digest())
    return digest.hexdigest()[:16]


def _source(module_name: str) -> str:
    return inspect.getsource(importlib.import_module(module_name))


def code_version(dataset: Dataset, stage: str, sql: list[str] = ()) -> str:
    """Changes when the dataset's module, its stage's Python, the declarations or the given SQL change."""
    texts = [_source(_module_of(dataset)), *(_source(m) for m in STAGE_MODULES[stage]),
             *((DECLARATIONS / name).read_text(encoding="utf-8") for name in ("families.toml", "fields.toml")),
             *sql]
    return _digest(texts)


def _module_of(dataset: Dataset) -> str:
    return f"mayenne_assets.datasets.{dataset.group}"


def data_version(files: list[dict]) -> str:
    """The sha256 of what a raw asset read: the workbooks' own sha256, in order."""
    return _digest(sorted(f"{f['file']}:{f['sha256']}" for f in files))


@cache
def package_code_version() -> dict[str, str]:
    """The git commit when the package runs from a checkout; always the version and a hash of SQL and
    declarations."""
    texts = [p.read_text(encoding="utf-8") for p in sorted([*SQL_DIR.glob("*.sql"), *DECLARATIONS.glob("*.toml")])]
    version = {"package": metadata.version("mayenne_assets"), "sql_and_declarations": _digest(texts)}
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                                timeout=5, check=False)
        if commit.returncode == 0:
            dirty = subprocess.run(["git", "status", "--porcelain", "--", "mayenne_assets", "dbt_like_sql"],
                                   cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5, check=False)
            version["git_commit"] = commit.stdout.strip() + (" (modified)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return version
