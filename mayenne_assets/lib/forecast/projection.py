"""Projecting each collège's enrolment for the next rentrées, and how good such projections were in the past.

The method a statistician accepts for short annual series: additive-error exponential smoothing with a damped
additive trend (ETS(A,Ad,N), statsmodels), whose trend fades instead of running away, with 80 % prediction
intervals. A collège with fewer than SHORT_HISTORY observed rentrées gets the last value repeated, its interval
that of a random walk whose step is the root mean square of its year-on-year changes. A missing rentrée between
two observed ones is interpolated for the fit only. Totals (arrondissement, département) are the sums of the
collèges', so they reconcile by construction.

A fit takes about 10 ms: a territory of thousands of collèges is fitted by a pool of processes (one per core), and
its backtest is measured on a fixed sample of BACKTEST_SAMPLE collèges, enough for a MAPE per horizon.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

HORIZON = 6
SHORT_HISTORY = 8
INTERVAL = 0.80
Z_80 = 1.2816  # the normal quantile of a two-sided 80 % interval
ETS = "modele_ets_amorti"
NAIVE = "modele_derniere_valeur"  # a history too short for a trend
POOL_FROM = 400  # collèges; below, starting worker processes costs more than it saves
BACKTEST_SAMPLE = 400  # collèges the backtest is measured on, at most
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@dataclass(frozen=True)
class Projection:
    method: str
    years: list[int]
    mean: list[float]
    lower: list[float]
    upper: list[float]


def _continuous(history: pd.Series) -> pd.Series:
    """The observed rentrées as a yearly series, a gap between two interpolated (for the fit only)."""
    years = range(int(history.index.min()), int(history.index.max()) + 1)
    return history.sort_index().reindex(years).interpolate().astype(float)


def project(history: pd.Series, horizon: int = HORIZON) -> Projection:
    """history: enrolment by rentrée (index), up to the last observed one."""
    series = _continuous(history)
    last = int(series.index.max())
    years = list(range(last + 1, last + horizon + 1))
    if len(series) < SHORT_HISTORY:
        changes = series.diff().dropna()  # a random walk's step: the root mean square of the yearly changes
        spread = float((changes**2).mean() ** 0.5) if len(changes) else 0.1 * float(series.iloc[-1])
        mean = [float(series.iloc[-1])] * horizon
        width = [Z_80 * spread * math.sqrt(h) for h in range(1, horizon + 1)]
        return Projection(NAIVE, years, mean, [m - w for m, w in zip(mean, width, strict=True)],
                          [m + w for m, w in zip(mean, width, strict=True)])
    values = series.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on very smooth series
        fitted = ETSModel(values, error="add", trend="add", damped_trend=True).fit(disp=False)
        frame = fitted.get_prediction(start=len(values), end=len(values) + horizon - 1).summary_frame(
            alpha=1 - INTERVAL)
    return Projection(ETS, years, frame["mean"].tolist(), frame["pi_lower"].tolist(), frame["pi_upper"].tolist())


def _current(history: pd.DataFrame) -> dict[str, pd.Series]:
    """Each collège's series, for those observed at the last rentrée (closed or not yet reported: none)."""
    millesime = int(history["rentree_scolaire"].max())
    return {uai: own.set_index("rentree_scolaire")["effectif"] for uai, own in history.groupby("uai")
            if int(own["rentree_scolaire"].max()) == millesime}


def _rows(uais: list[str], projections: list[Projection], millesime: int) -> pd.DataFrame:
    rows = [{"uai": uai, "rentree_scolaire": year, "effectif": max(round(mean), 0),
             "effectif_bas_80": max(round(low), 0), "effectif_haut_80": max(round(high), 0),
             "source": projection.method, "millesime": millesime}
            for uai, projection in zip(uais, projections, strict=True)
            for year, mean, low, high in zip(projection.years, projection.mean, projection.lower, projection.upper,
                                             strict=True)]
    return pd.DataFrame(rows, columns=["uai", "rentree_scolaire", "effectif", "effectif_bas_80", "effectif_haut_80",
                                       "source", "millesime"])


def project_colleges(history: pd.DataFrame, horizon: int = HORIZON) -> pd.DataFrame:
    """history: uai, rentree_scolaire, effectif. One row per collège and projected rentrée, with its interval;
    the vintage (millesime) is the last observed rentrée of the whole history."""
    current = _current(history)
    return _rows(list(current), _project_each(list(current.values()), horizon),
                 int(history["rentree_scolaire"].max()))


def _project_each(histories: list[pd.Series], horizon: int) -> list[Projection]:
    if len(histories) < POOL_FROM or (os.cpu_count() or 1) == 1:
        return [project(h, horizon) for h in histories]
    with _one_blas_thread_each(), ProcessPoolExecutor(
            os.cpu_count(), mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(project, histories, [horizon] * len(histories), chunksize=64))


@contextmanager
def _one_blas_thread_each() -> Iterator[None]:
    """Workers that each start as many BLAS threads as there are cores fight over them: measured ten times
    slower than one process. The workers read these variables when they start."""
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    os.environ.update(dict.fromkeys(BLAS_THREADS, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def backtest_sample(uais: list[str], size: int = BACKTEST_SAMPLE) -> list[str]:
    """Every collège, or a fixed sample of them (the same at every run: by a hash of the UAI)."""
    return sorted(uais, key=lambda uai: hashlib.sha256(uai.encode()).hexdigest())[:size]


def backtest_origins(millesime: int) -> list[int]:
    """Every other rentrée from ten years back to the last one whose horizon 3 has been observed."""
    return list(range(millesime - 10, millesime - 2, 2))


def backtest(history: pd.DataFrame, origins: list[int], horizon: int = HORIZON) -> pd.DataFrame:
    """Rolling origin: from the data up to each origin Y, project, and compare with what was observed after Y.
    Per horizon: MAPE and bias (in %) of the model and of the naive forecast (the last value repeated)."""
    history = history[history["uai"].isin(backtest_sample(sorted(history["uai"].unique())))]
    known = {origin: _current(history[history["rentree_scolaire"] <= origin]) for origin in origins}
    series = [one for current in known.values() for one in current.values()]
    fitted = iter(_project_each(series, horizon))  # every origin's fits at once: one pool of workers
    observed = history.set_index(["uai", "rentree_scolaire"])["effectif"]
    errors = []
    for origin, current in known.items():
        projected = _rows(list(current), [next(fitted) for _ in current], origin)
        last = {uai: one[origin] for uai, one in current.items()}
        for row in projected.itertuples():
            actual = observed.get((row.uai, row.rentree_scolaire))
            if actual is None or actual == 0:
                continue
            h = row.rentree_scolaire - origin
            errors.append({"origine": origin, "horizon": h, "model": (row.effectif - actual) / actual,
                           "naive": (last[row.uai] - actual) / actual})
    frame = pd.DataFrame(errors, columns=["origine", "horizon", "model", "naive"])
    summary = frame.groupby("horizon").agg(
        mape_modele=("model", lambda e: 100 * e.abs().mean()), biais_modele=("model", lambda e: 100 * e.mean()),
        mape_naif=("naive", lambda e: 100 * e.abs().mean()), biais_naif=("naive", lambda e: 100 * e.mean()),
        comparaisons=("model", "size"))
    return summary.round(2).reset_index()
