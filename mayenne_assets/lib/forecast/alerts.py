"""What a person should look at in a new vintage of the projection: collèges projected to change a lot over the
horizon, and collèges whose latest enrolment fell outside the interval the previous vintage gave it."""

from __future__ import annotations

import duckdb
import pandas as pd

from mayenne_assets.lib.forecast.projection import HORIZON

CHANGE_THRESHOLD = 0.15  # a rise or fall over the horizon beyond this share of the latest enrolment


def projection_alerts(con: duckdb.DuckDBPyConnection, projected: pd.DataFrame,
                      history: pd.DataFrame) -> pd.DataFrame:
    """Collèges projected to change by more than CHANGE_THRESHOLD over the horizon, and collèges whose latest observed
    enrolment fell outside the previous vintage's 80 % interval."""
    millesime = int(history["rentree_scolaire"].max())
    latest = history[history["rentree_scolaire"] == millesime].set_index("uai")["effectif"]
    last = projected[projected["rentree_scolaire"] == millesime + HORIZON].set_index("uai")["effectif"]
    change = (last - latest.reindex(last.index)) / latest.reindex(last.index)
    alerts = [{"uai": uai, "alerte": f"projection {change[uai]:+.0%} d'ici {millesime + HORIZON}"}
              for uai in change.index if abs(change[uai]) > CHANGE_THRESHOLD]
    previous = con.execute("select uai, effectif_bas_80, effectif_haut_80, millesime from model.projections "
                           "where rentree_scolaire = ? and millesime = (select max(millesime) from "
                           "model.projections where millesime < ?)", [millesime, millesime]).df()
    for row in previous.itertuples():
        observed = latest.get(row.uai)
        if observed is not None and not row.effectif_bas_80 <= observed <= row.effectif_haut_80:
            alerts.append({"uai": row.uai, "alerte": f"{millesime} : {observed} élèves, hors de l'intervalle à 80 % "
                                                     f"du millésime {row.millesime} ({row.effectif_bas_80}–"
                                                     f"{row.effectif_haut_80})"})
    return pd.DataFrame(alerts, columns=["uai", "alerte"])
