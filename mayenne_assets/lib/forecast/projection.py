"""Projecting each collège's enrolment for the next rentrées, and how good such projections were in the past.

The method a statistician accepts for short annual series: additive-error exponential smoothing with a damped
additive trend (ETS(A,Ad,N)), whose trend fades instead of running away, with 80 % prediction intervals. Every
collège of a territory is fitted at once (damped_holt.py: the least sum of squares, as statsmodels' maximum
likelihood, which the tests keep as the reference it must agree with). A collège with fewer than SHORT_HISTORY
observed rentrées gets the last value repeated, its interval that of a random walk whose step is the root mean
square of its year-on-year changes. A missing rentrée between two observed ones is interpolated for the fit only.
Totals (arrondissement, département) are the sums of the collèges', so they reconcile by construction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mayenne_assets.lib.forecast import damped_holt

HORIZON = 6
SHORT_HISTORY = 8
INTERVAL = 0.80
Z_80 = 1.2816  # the normal quantile of a two-sided 80 % interval
ETS = "modele_ets_amorti"
NAIVE = "modele_derniere_valeur"  # a history too short for a trend
BACKTEST_SAMPLE = 2000  # collèges the backtest is measured on, at most (all of a département's)
COLUMNS = ["uai", "rentree_scolaire", "effectif", "effectif_bas_80", "effectif_haut_80", "source", "millesime"]


@dataclass(frozen=True)
class Projection:
    method: str
    years: list[int]
    mean: list[float]
    lower: list[float]
    upper: list[float]


@dataclass(frozen=True)
class Projected:
    """Every series projected: one row each, HORIZON columns."""

    methods: np.ndarray
    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


def _matrix(history: pd.DataFrame) -> pd.DataFrame:
    """Each collège observed at the last rentrée as a row (its UAI), one column per rentrée up to that one; a gap
    between two observed rentrées interpolated, the years before its first observation empty."""
    millesime = int(history["rentree_scolaire"].max())
    table = history.pivot_table(index="uai", columns="rentree_scolaire", values="effectif", aggfunc="first")
    table = table.reindex(columns=range(int(table.columns.min()), millesime + 1)).astype(float)
    table = table[table[millesime].notna()]
    return table.interpolate(axis=1, limit_area="inside")


def _project_rows(values: np.ndarray, horizon: int) -> Projected:
    """values: (series, years), each series right-aligned on the last column, empty before its first year."""
    observed = ~np.isnan(values)
    count = observed.sum(axis=1)
    long = count >= SHORT_HISTORY
    last = values[:, -1]
    changes = np.diff(values, axis=1)  # NaN where either year is empty
    known = (~np.isnan(changes)).sum(axis=1)
    step = np.sqrt(np.nansum(changes**2, axis=1) / np.maximum(known, 1))
    step = np.where(known > 0, step, 0.1 * last)  # one observation: a tenth of it
    width = Z_80 * step[:, None] * np.sqrt(np.arange(1, horizon + 1))[None, :]
    mean = np.repeat(last[:, None], horizon, axis=1)
    lower, upper = mean - width, mean + width
    if long.any():
        fitted = damped_holt.fit(np.nan_to_num(values[long]), observed[long])
        mean[long], lower[long], upper[long] = damped_holt.forecast(fitted, horizon, Z_80)
    return Projected(np.where(long, ETS, NAIVE), mean, lower, upper)


def project(history: pd.Series, horizon: int = HORIZON) -> Projection:
    """history: enrolment by rentrée (index), up to the last observed one."""
    frame = pd.DataFrame({"uai": "x", "rentree_scolaire": history.index, "effectif": history.to_numpy()})
    table = _matrix(frame)
    done = _project_rows(table.to_numpy(), horizon)
    last = int(table.columns.max())
    return Projection(str(done.methods[0]), list(range(last + 1, last + horizon + 1)), done.mean[0].tolist(),
                      done.lower[0].tolist(), done.upper[0].tolist())


def _rows(uais: pd.Index, done: Projected, millesime: int) -> pd.DataFrame:
    horizon = done.mean.shape[1]

    def bounded(values: np.ndarray) -> np.ndarray:
        return np.maximum(np.round(values), 0).astype(int).ravel()

    return pd.DataFrame({
        "uai": np.repeat(uais.to_numpy(), horizon),
        "rentree_scolaire": np.tile(np.arange(millesime + 1, millesime + horizon + 1), len(uais)),
        "effectif": bounded(done.mean), "effectif_bas_80": bounded(done.lower),
        "effectif_haut_80": bounded(done.upper), "source": np.repeat(done.methods, horizon),
        "millesime": millesime,
    }, columns=COLUMNS)


def project_colleges(history: pd.DataFrame, horizon: int = HORIZON) -> pd.DataFrame:
    """history: uai, rentree_scolaire, effectif. One row per collège and projected rentrée, with its interval;
    the vintage (millesime) is the last observed rentrée of the whole history."""
    table = _matrix(history)
    return _rows(table.index, _project_rows(table.to_numpy(), horizon), int(table.columns.max()))


def backtest_sample(uais: list[str], size: int = BACKTEST_SAMPLE) -> list[str]:
    """Every collège, or a fixed sample of them (the same at every run: by a hash of the UAI)."""
    return sorted(uais, key=lambda uai: hashlib.sha256(uai.encode()).hexdigest())[:size]


def backtest_origins(millesime: int) -> list[int]:
    """Every other rentrée from ten years back to the last one whose horizon 3 has been observed."""
    return list(range(millesime - 10, millesime - 2, 2))


def _stacked(tables: list[pd.DataFrame]) -> np.ndarray:
    """Tables of different rentrées as rows of one matrix, each right-aligned (the model is the same at any
    date, so the origins are fitted together)."""
    width = max(t.shape[1] for t in tables)
    rows = np.full((sum(len(t) for t in tables), width), np.nan)
    start = 0
    for table in tables:
        rows[start: start + len(table), width - table.shape[1]:] = table.to_numpy()
        start += len(table)
    return rows


def _part(done: Projected, start: int, stop: int) -> Projected:
    return Projected(done.methods[start:stop], done.mean[start:stop], done.lower[start:stop], done.upper[start:stop])


def backtest(history: pd.DataFrame, origins: list[int], horizon: int = HORIZON) -> pd.DataFrame:
    """Rolling origin: from the data up to each origin Y, project, and compare with what was observed after Y.
    Per horizon: MAPE and bias (in %) of the model and of the naive forecast (the last value repeated)."""
    history = history[history["uai"].isin(backtest_sample(sorted(history["uai"].unique())))]
    tables = [_matrix(history[history["rentree_scolaire"] <= origin]) for origin in origins]
    done = _project_rows(_stacked(tables), horizon)
    projected, start = [], 0
    for table, origin in zip(tables, origins, strict=True):
        rows = _rows(table.index, _part(done, start, start + len(table)), origin)
        rows["naif"] = np.repeat(table[origin].to_numpy(), horizon)  # the naive forecast: the last value
        projected.append(rows)
        start += len(table)
    projected = pd.concat(projected)
    observed = history.rename(columns={"effectif": "observe"})[["uai", "rentree_scolaire", "observe"]]
    errors = projected.merge(observed, on=["uai", "rentree_scolaire"])
    errors = errors[errors["observe"] != 0]
    errors = errors.assign(horizon=errors["rentree_scolaire"] - errors["millesime"],
                           model=(errors["effectif"] - errors["observe"]) / errors["observe"],
                           naive=(errors["naif"] - errors["observe"]) / errors["observe"])
    summary = errors.groupby("horizon").agg(
        mape_modele=("model", lambda e: 100 * e.abs().mean()), biais_modele=("model", lambda e: 100 * e.mean()),
        mape_naif=("naive", lambda e: 100 * e.abs().mean()), biais_naif=("naive", lambda e: 100 * e.mean()),
        comparaisons=("model", "size"))
    return summary.round(2).reset_index()
