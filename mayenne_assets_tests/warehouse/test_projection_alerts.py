"""The projection's promises a figure depends on: the alert beyond a 15 % change over the horizon, an observed
enrolment outside the previous vintage's interval, and an 80 % interval as wide as the normal quantile says."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from mayenne_assets.lib.forecast import projection
from mayenne_assets.lib.forecast.alerts import CHANGE_THRESHOLD, projection_alerts
from mayenne_assets.lib.forecast.projection import HORIZON, NAIVE, Z_80


def _model_tables(previous: list[tuple] = ()) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema model; create table model.projections (uai varchar, rentree_scolaire bigint, "
                "effectif bigint, effectif_bas_80 bigint, effectif_haut_80 bigint, source varchar, millesime bigint)")
    if previous:
        con.executemany("insert into model.projections values (?, ?, ?, ?, ?, 'x', ?)", list(previous))
    return con


def test_a_collège_is_flagged_beyond_a_15_percent_change_over_the_horizon_and_not_below():
    assert CHANGE_THRESHOLD == 0.15
    history = pd.DataFrame({"uai": ["A", "B", "C"], "rentree_scolaire": 2021, "effectif": [100, 100, 100]})
    projected = pd.DataFrame({"uai": ["A", "B", "C"], "rentree_scolaire": 2021 + HORIZON,
                              "effectif": [114, 116, 83]})
    alerts = projection_alerts(_model_tables(), projected, history)
    assert sorted(alerts["uai"]) == ["B", "C"]
    assert alerts.set_index("uai").loc["B", "alerte"] == f"projection +16% d'ici {2021 + HORIZON}"


def test_an_enrolment_outside_the_previous_vintage_s_interval_is_flagged():
    history = pd.DataFrame({"uai": ["A", "B"], "rentree_scolaire": 2022, "effectif": [100, 130]})
    projected = pd.DataFrame({"uai": ["A", "B"], "rentree_scolaire": 2022 + HORIZON, "effectif": [100, 130]})
    previous = [("A", 2022, 101, 90, 110, 2021), ("B", 2022, 101, 90, 110, 2021)]
    alerts = projection_alerts(_model_tables(previous), projected, history)
    assert list(alerts["uai"]) == ["B"] and "hors de l'intervalle à 80 %" in alerts["alerte"].iloc[0]


def test_a_short_history_s_80_percent_interval_widens_with_the_square_root_of_the_horizon():
    """Three rentrées: the last value repeated, ± z₈₀ × the root mean square of the yearly changes × √h."""
    done = projection.project(pd.Series([100.0, 104.0, 101.0], index=[2019, 2020, 2021]))
    step = ((4**2 + 3**2) / 2) ** 0.5
    assert done.method == NAIVE and done.mean == [101.0] * HORIZON
    for h, (low, high) in enumerate(zip(done.lower, done.upper, strict=True), start=1):
        assert high - low == pytest.approx(2 * Z_80 * step * h**0.5)
    assert pytest.approx(1.2816, abs=1e-4) == Z_80  # the two-sided 80 % quantile of the normal law
