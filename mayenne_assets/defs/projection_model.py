"""The pipeline's own projection of every public collège's enrolment, beside the département's study: fitted on
the published enrolments (validated.effectifs), refreshed by the monthly schedule and whenever a new enrolment year
is published (declarative automation), kept by vintage (millesime), backtested against the naive forecast."""

from __future__ import annotations

import dagster as dg
import duckdb
import pandas as pd

from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.lib.forecast.projection import HORIZON, SHORT_HISTORY, backtest, backtest_origins, project_colleges
from mayenne_assets.lib.warehouse.sql_models import table_exists
from mayenne_assets.resources import Warehouse

ASSET = "projection_model"
MODEL_TABLES = ("model.projections", "model.projection_backtest")  # what the asset builds, for the lineages
ALERTS_CHECK = "projection_alerts"
CHANGE_THRESHOLD = 0.15


def _alerts(con: duckdb.DuckDBPyConnection, projected: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Collèges projected to change by more than 15 % over the horizon, and collèges whose latest observed
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


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The model's tables exist even before there is anything to project, so that the projections can be built."""
    con.execute("create schema if not exists model")
    con.execute("create table if not exists model.projections (uai varchar, rentree_scolaire bigint, "
                "effectif bigint, effectif_bas_80 bigint, effectif_haut_80 bigint, source varchar, millesime bigint)")
    con.execute("create table if not exists model.projection_backtest (millesime bigint, horizon bigint, "
                "mape_modele double, biais_modele double, mape_naif double, biais_naif double, comparaisons bigint, "
                "mape_departement double, comparaisons_departement bigint)")


def _departement_backtest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The département's own projections against the rentrées observed since (none until a new year arrives)."""
    if not table_exists(con, "validated.projections"):
        return pd.DataFrame(columns=["horizon", "mape_departement", "comparaisons_departement"])
    return con.execute("""
        select p.rentree_scolaire - p.millesime as horizon,
               round(100 * avg(abs(p.effectif - e.effectif) / e.effectif), 2) as mape_departement,
               count(*) as comparaisons_departement
        from validated.projections as p
        join validated.effectifs as e using (uai, rentree_scolaire)
        where p.source = 'département' and p.nature = 'projection' and e.effectif > 0
        group by all""").df()


@dg.asset(name=ASSET, group_name="projections", kinds={"numpy", "duckdb"}, pool=DUCKDB_POOL,
          owners=["team:data"], deps=["export_effectifs"], automation_condition=dg.AutomationCondition.eager(),
          check_specs=[dg.AssetCheckSpec(ALERTS_CHECK, asset=ASSET, blocking=False, description=(
              "Collèges projected to rise or fall by more than 15 % over the horizon, and collèges whose latest "
              "enrolment fell outside the previous vintage's 80 % interval."))],
          description=(
              f"Each public and private collège's enrolment projected for the next {HORIZON} rentrées from the "
              "published enrolments: additive-error exponential smoothing with a damped additive trend "
              "(ETS(A,Ad,N), every collège fitted at once), with 80 % prediction intervals; a collège with fewer than "
              f"{SHORT_HISTORY} observed rentrées gets its last value repeated (source modele_derniere_valeur), "
              "its interval from its year-on-year changes. Kept by vintage (millesime: the last observed rentrée "
              "it starts from); a rolling-origin backtest compares it with the naive forecast (last value "
              "repeated) and, where observed years exist, with the département's own projections."))
def projection_model(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        _create_tables(con)
        if not table_exists(con, "validated.effectifs"):  # no enrolment published yet: nothing to project from
            nothing = dg.AssetCheckResult(check_name=ALERTS_CHECK, passed=True, metadata={"count": 0})
            return dg.MaterializeResult(check_results=[nothing], metadata={
                "note": "no published enrolments (validated.effectifs): the département's study is published alone"})
        history = con.execute("select uai, rentree_scolaire, effectif from validated.effectifs").df()
        millesime = int(history["rentree_scolaire"].max())
        projected = project_colleges(history)
        tested = backtest(history, backtest_origins(millesime))
        tested = tested.merge(_departement_backtest(con), on="horizon", how="left")
        tested.insert(0, "millesime", millesime)
        con.execute("delete from model.projections where millesime = ?", [millesime])  # earlier vintages stay
        con.register("projected", projected)
        con.execute("insert into model.projections by name select * from projected")
        con.register("tested", tested)
        con.execute("create or replace table model.projection_backtest as select * from tested")
        alerts = _alerts(con, projected, history)
        vintages = [v for (v,) in con.execute("select distinct millesime from model.projections order by 1")
                    .fetchall()]
    check = dg.AssetCheckResult(check_name=ALERTS_CHECK, passed=alerts.empty, severity=dg.AssetCheckSeverity.WARN,
                                metadata={"count": len(alerts), "sample": markdown_table(alerts)})
    return dg.MaterializeResult(check_results=[check], metadata={
        "millesime": millesime, "vintages": dg.MetadataValue.json(vintages), "rows": len(projected),
        "methods": dg.MetadataValue.json(projected.groupby("source")["uai"].nunique().to_dict()),
        "backtest": markdown_table(tested), "backtest_origins": dg.MetadataValue.json(backtest_origins(millesime)),
    })
