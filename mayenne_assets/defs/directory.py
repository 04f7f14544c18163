"""Where the collège directory of the warehouse (ref.colleges) comes from today: the Ministry's portal, or the
shipped snapshot when no portal is set or it cannot be reached, said in the metadata. The local knowledge that
completes it: lib/warehouse/directory.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg

from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.read.reference_api import ReferenceUnavailable, directory_url, fetch_colleges, write_rows
from mayenne_assets.resources import ReferenceSources
from mayenne_assets.settings import REFERENCE_DATA

SNAPSHOT = "colleges.parquet"


def directory_source(sources: ReferenceSources, scratch: Path, territory: Territory) -> tuple[Path, dict[str, object]]:
    """The folder holding colleges.parquet to build ref.colleges from, and what it is, for the metadata."""
    if not sources.directory_api:
        return REFERENCE_DATA, {"directory_source": "snapshot shipped with the package (MAYENNE_REFERENCE_API unset)"}
    try:
        rows = fetch_colleges(sources.directory_api, territory.allowed("code_departement_men"),
                              timeout=sources.timeout_seconds)
    except ReferenceUnavailable as error:
        dg.get_dagster_logger().warning(f"collège directory: {error}; the shipped snapshot is used")
        return REFERENCE_DATA, {"directory_source": f"snapshot shipped with the package: {error}"}
    write_rows(rows, REFERENCE_DATA / SNAPSHOT, scratch / SNAPSHOT)
    return scratch, {"directory_source": directory_url(sources.directory_api),
                     "directory_fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
