"""The pipeline's own projection of every public collège's enrolment, beside the département's study: fitted on
the published enrolments (validated.effectifs), refreshed by the monthly schedule and whenever a new enrolment year
is published (declarative automation), kept by vintage (millesime), backtested against the naive forecast."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.lib.forecast.alerts import CHANGE_THRESHOLD, projection_alerts
from mayenne_assets.lib.forecast.projection import HORIZON, SHORT_HISTORY, backtest, backtest_origins, project_colleges
from mayenne_assets.lib.forecast.vintages import create_model_tables, store_vintage
from mayenne_assets.lib.warehouse.sql_models import table_exists
from mayenne_assets.lib.warehouse.tables import PROJECTION_MODEL, lineage_assets, read_validated
from mayenne_assets.resources import Warehouse

ASSET = PROJECTION_MODEL  # its tables: lib/warehouse/tables.py
ALERTS_CHECK = "projection_alerts"


@dg.asset(name=ASSET, group_name="projections", kinds={"numpy", "duckdb"}, pool=DUCKDB_POOL,
          owners=["team:data"], deps=[lineage_assets("effectifs").export],
          automation_condition=dg.AutomationCondition.eager(),
          check_specs=[dg.AssetCheckSpec(ALERTS_CHECK, asset=ASSET, blocking=False, description=(
              f"Collèges projected to rise or fall by more than {CHANGE_THRESHOLD:.0%} over the horizon, and collèges "
              "whose latest enrolment fell outside the previous vintage's 80 % interval."))],
          description=(
              f"Each public and private collège's enrolment projected for the next {HORIZON} rentrées from the "
              "published enrolments: additive-error exponential smoothing with a damped additive trend "
              "(ETS(A,Ad,N), every collège fitted at once), with 80 % prediction intervals; a collège with fewer than "
              f"{SHORT_HISTORY} observed rentrées gets its last value repeated (source modele_derniere_valeur), "
              "its interval from its year-on-year changes. Kept by vintage (millesime: the last observed rentrée "
              "it starts from); a rolling-origin backtest compares it with the naive forecast (last value "
              "repeated); the projections dataset sets the département's own study beside it."))
def projection_model(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        create_model_tables(con)
        if not table_exists(con, "validated.effectifs"):  # no enrolment published yet: nothing to project from
            nothing = dg.AssetCheckResult(check_name=ALERTS_CHECK, passed=True, metadata={"count": 0})
            return dg.MaterializeResult(check_results=[nothing], metadata={
                "note": "no published enrolments (validated.effectifs): the département's study is published alone"})
        history = read_validated(con, "effectifs", "uai, rentree_scolaire, effectif")
        millesime = int(history["rentree_scolaire"].max())
        projected = project_colleges(history)
        tested = backtest(history, backtest_origins(millesime))
        tested.insert(0, "millesime", millesime)
        vintages = store_vintage(con, history, projected, tested)
        alerts = projection_alerts(con, projected, history)
    check = dg.AssetCheckResult(check_name=ALERTS_CHECK, passed=alerts.empty, severity=dg.AssetCheckSeverity.WARN,
                                metadata={"count": len(alerts), "sample": markdown_table(alerts)})
    return dg.MaterializeResult(check_results=[check], metadata={
        "millesime": millesime, "vintages": dg.MetadataValue.json(vintages), "rows": len(projected),
        "methods": dg.MetadataValue.json(projected.groupby("source")["uai"].nunique().to_dict()),
        "backtest": markdown_table(tested), "backtest_origins": dg.MetadataValue.json(backtest_origins(millesime)),
    })
