"""The collège directory of the warehouse (ref.colleges): where it comes from today (the Ministry's portal, or
the shipped snapshot when no portal is set or it cannot be reached, said in the metadata), and the local
knowledge that completes it (ref.college_names: other names; collèges not yet in the directory)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from mayenne_assets.lib.common.territory import current_territory
from mayenne_assets.lib.identify.local_colleges import read_local_knowledge
from mayenne_assets.lib.read.reference_api import ReferenceUnavailable, directory_url, fetch_colleges, write_rows
from mayenne_assets.lib.warehouse.sql_models import table_exists
from mayenne_assets.resources import ReferenceSources
from mayenne_assets.settings import REFERENCE_DATA

SNAPSHOT = "colleges.parquet"
DIRECTORY_COLUMNS = "uai, appellation_officielle, code_commune, latitude, longitude"


def directory_source(sources: ReferenceSources, scratch: Path) -> tuple[Path, dict[str, object]]:
    """The folder holding colleges.parquet to build ref.colleges from, and what it is, for the metadata."""
    if not sources.directory_api:
        return REFERENCE_DATA, {"directory_source": "snapshot shipped with the package (MAYENNE_REFERENCE_API unset)"}
    try:
        rows = fetch_colleges(sources.directory_api, current_territory().allowed("code_departement_men"),
                              timeout=sources.timeout_seconds)
    except ReferenceUnavailable as error:
        dg.get_dagster_logger().warning(f"collège directory: {error}; the shipped snapshot is used")
        return REFERENCE_DATA, {"directory_source": f"snapshot shipped with the package: {error}"}
    write_rows(rows, REFERENCE_DATA / SNAPSHOT, scratch / SNAPSHOT)
    return scratch, {"directory_source": directory_url(sources.directory_api),
                     "directory_fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}


def previous_directory(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    return current_directory(con) if table_exists(con, "ref.colleges") else None


def current_directory(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(f"select {DIRECTORY_COLUMNS} from ref.colleges").df()


def apply_local_knowledge(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], dict[str, object]]:
    """Collèges not yet in the directory join ref.colleges; other names go to ref.college_names. Returns the
    problems (an entry malformed, or naming a UAI that is no collège) and the metadata."""
    knowledge = read_local_knowledge(path)
    known = {uai for (uai,) in con.execute("select uai from ref.colleges").fetchall()}
    added = [c for c in knowledge.colleges if c.uai not in known]
    if added:
        con.register("local_colleges", pd.DataFrame([{
            "uai": c.uai, "appellation_officielle": c.nom, "secteur": c.secteur, "code_commune": c.code_commune,
            "nom_commune": c.commune, "latitude": c.latitude, "longitude": c.longitude, "etat": "OUVERT",
            "nature": "COLLEGE"} for c in added]))
        con.execute("insert into ref.colleges by name select * from local_colleges")
        con.unregister("local_colleges")
    known |= {c.uai for c in added}
    problems = list(knowledge.problems) + [
        f"{path.name}: [[nom]] « {n.nom} » names uai {n.uai}, which is no collège of the directory nor of a "
        "[[college]] entry" for n in knowledge.names if n.uai not in known]
    names = pd.DataFrame([vars(n) for n in knowledge.names if n.uai in known], columns=["uai", "nom", "commune"],
                         dtype="string")
    con.register("college_names", names)
    con.execute("create or replace table ref.college_names as select * from college_names")
    con.unregister("college_names")
    return problems, {
        "local_knowledge": str(path),
        "local_collèges_added": dg.MetadataValue.json([f"{c.uai} {c.nom}" for c in added]),
        "local_collèges_now_in_the_directory": dg.MetadataValue.json(
            [f"{c.uai} {c.nom}: the directory knows it; the entry can go" for c in knowledge.colleges
             if c not in added]),
        "other_names": len(names),
    }
