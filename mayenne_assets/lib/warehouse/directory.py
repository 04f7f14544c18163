"""The collège directory in the warehouse (ref.colleges), as it was and as it is, and the local knowledge that
completes it: collèges not yet in the Ministry's directory join ref.colleges, other names go to
ref.college_names."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.identify.local_colleges import read_local_knowledge
from mayenne_assets.lib.warehouse.sql_models import table_exists
from mayenne_assets.lib.warehouse.tables import insert_rows, replace_table

DIRECTORY_COLUMNS = "uai, appellation_officielle, code_commune, latitude, longitude"


def previous_directory(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    return current_directory(con) if table_exists(con, "ref.colleges") else None


def current_directory(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(f"select {DIRECTORY_COLUMNS} from ref.colleges").df()


def apply_local_knowledge(con: duckdb.DuckDBPyConnection, path: Path,
                          territory: Territory) -> tuple[list[str], dict[str, object]]:
    """Collèges not yet in the directory join ref.colleges; other names go to ref.college_names. Returns the
    problems (an entry malformed, or naming a UAI that is no collège) and the metadata."""
    knowledge = read_local_knowledge(path, territory)
    known = {uai for (uai,) in con.execute("select uai from ref.colleges").fetchall()}
    added = [c for c in knowledge.colleges if c.uai not in known]
    if added:
        insert_rows(con, "ref.colleges", pd.DataFrame([{
            "uai": c.uai, "appellation_officielle": c.nom, "secteur": c.secteur, "code_commune": c.code_commune,
            "nom_commune": c.commune, "latitude": c.latitude, "longitude": c.longitude, "etat": "OUVERT",
            "nature": "COLLEGE"} for c in added]))
    known |= {c.uai for c in added}
    problems = list(knowledge.problems) + [
        f"{path.name} : [[nom]] « {n.nom} » désigne l'uai {n.uai}, qui n'est ni un collège de l'annuaire, ni une "
        "entrée [[college]]" for n in knowledge.names if n.uai not in known]
    names = pd.DataFrame([vars(n) for n in knowledge.names if n.uai in known], columns=["uai", "nom", "commune"],
                         dtype="string")
    replace_table(con, "ref.college_names", names)
    return problems, {
        "local_knowledge": str(path),
        "local_collèges_added": [f"{c.uai} {c.nom}" for c in added],
        "local_collèges_now_in_the_directory": [f"{c.uai} {c.nom}: the directory knows it; the entry can go"
                                                for c in knowledge.colleges if c not in added],
        "other_names": len(names),
    }
