"""Projected enrolments: the département's study, every cell kept, observed and projected told apart; the model's
projection beside it, by vintage, with its interval and its backtest; totals that add up."""

from __future__ import annotations

import shutil

import dagster as dg
import numpy as np
import pandas as pd

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.forecast import projection
from mayenne_assets.lib.forecast.projection import ETS, NAIVE, SHORT_HISTORY, project
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.sample.projections_workbook import projection_truth
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.workbooks import make_xlsx

DEPARTEMENT = "département"


def test_projections_keep_every_cell_and_tell_observed_from_projected(sample_publication):
    settings = sample_publication("projections").settings
    projections = read_export(settings, "projections")
    study = projections[projections["source"] == DEPARTEMENT].copy()
    study["effectif"] = study["effectif"].astype(int)
    got = {(r.uai, int(r.rentree_scolaire)): r.effectif for r in study.itertuples()}
    assert got == projection_truth()
    assert set(study["millesime"]) == {"2021"}  # the study's last observed rentrée
    assert set(study.loc[study["rentree_scolaire"] == "2021", "nature"]) == {"constat"}
    assert set(study.loc[study["rentree_scolaire"] != "2021", "nature"]) == {"projection"}


def test_the_model_projects_every_public_collège_with_its_interval(sample_publication):
    settings = sample_publication("projections").settings
    projections = read_export(settings, "projections")
    model = projections[projections["source"] != DEPARTEMENT]
    publics = {c.uai for c in colleges() if c.secteur == "Public"}
    assert set(model["uai"]) == {u for u, y in observed_truth() if y == 2021} & publics
    assert set(model["rentree_scolaire"].astype(int)) == set(range(2022, 2028)) and set(model["millesime"]) == {"2021"}
    low, mid, high = (model[c].astype(int) for c in ("effectif_bas_80", "effectif", "effectif_haut_80"))
    assert ((low <= mid) & (mid <= high)).all() and (high > low).any()
    assert set(model["source"]) <= {ETS, NAIVE}


def test_the_model_beats_the_naive_forecast_at_horizon_3_in_the_backtest(sample_publication):
    settings = sample_publication("projections").settings
    backtest = read_export(settings, "projections", "backtest").set_index("horizon")
    assert list(backtest.index) == [str(h) for h in range(1, 7)]
    assert float(backtest.loc["3", "mape_modele"]) < float(backtest.loc["3", "mape_naif"])
    assert int(backtest.loc["1", "comparaisons"]) > 100


def test_projections_by_arrondissement_and_departement_add_up(sample_publication):
    settings = sample_publication("projections").settings
    areas = read_export(settings, "projections", "par-territoire")
    areas["effectif"] = areas["effectif"].astype(int)
    by_level = areas.groupby(["niveau", "source", "millesime", "rentree_scolaire"])["effectif"].sum().unstack(0)
    assert (by_level["arrondissement"] == by_level["département"]).all()
    assert set(areas.loc[areas["niveau"] == "arrondissement", "nom_territoire"]) == {
        "Château-Gontier", "Laval", "Mayenne"}
    truth = pd.Series(projection_truth()).groupby(level=1).sum()
    study = by_level.loc[DEPARTEMENT, "département"].droplevel(0)
    assert study.astype(int).to_dict() == {str(k): v for k, v in truth.items()}


def test_a_collège_with_a_short_history_gets_the_last_value_said_so():
    short = project(pd.Series([310, 320, 330], index=[2019, 2020, 2021]))
    assert short.method == NAIVE and short.mean == [330.0] * 6 and short.years == list(range(2022, 2028))
    assert short.lower[0] < 330 < short.upper[0] and short.upper[5] - short.lower[5] > short.upper[0] - short.lower[0]
    long = project(pd.Series(range(300, 300 + 2 * SHORT_HISTORY, 2), index=range(2000, 2000 + SHORT_HISTORY)))
    assert long.method == ETS and long.mean[0] > 314  # the trend goes on, damped


def test_a_new_enrolment_year_adds_a_vintage_and_keeps_the_previous_one(sample_settings):
    assert materialize_group(sample_settings, "projections").success
    truth = observed_truth()
    publics = [c for c in colleges() if c.secteur == "Public" and (c.uai, 2021) in truth]
    make_xlsx(sample_settings.shared_drive / "Effectifs publics 2022.xlsx", {"Publics": [
        ["UAI", "Rentrée 2022"], *([c.uai, truth[(c.uai, 2021)] + (60 if i == 0 else 3)] for i, c in
                                   enumerate(publics))]})
    result = materialize_group(sample_settings, "projections")
    assert result.success
    model = read_export(sample_settings, "projections")
    model = model[model["source"] != DEPARTEMENT]
    assert set(model["millesime"]) == {"2021", "2022"}  # the 2021 round stays beside the 2022 one
    assert set(model.loc[model["millesime"] == "2022", "rentree_scolaire"].astype(int)) == set(range(2023, 2029))
    [alerts] = [e for e in result.get_asset_check_evaluations() if e.check_name == "projection_alerts"]
    assert not alerts.passed and publics[0].uai in alerts.metadata["sample"].value  # +60: outside the interval
    assert "hors de l'intervalle à 80 % du millésime 2021" in alerts.metadata["sample"].value


def test_without_published_enrolments_the_study_is_published_alone(settings):
    shutil.copy2(SAMPLE_DRIVE / "Prospective effectifs collèges publics 2021-2027.xlsx", settings.shared_drive)
    defs = build_definitions(settings)
    assets = [a for a in defs.assets if set(a.group_names_by_key.values()) & {"projections", "reference"}]
    result = dg.materialize(assets, resources=resources_for(settings), instance=dg.DagsterInstance.ephemeral())
    assert result.success
    assert set(read_export(settings, "projections")["source"]) == {DEPARTEMENT}
    note = result.asset_materializations_for_node("projection_model")[0].metadata["note"].value
    assert note.startswith("no published enrolments")


def _statsmodels(history: pd.Series, horizon: int = 6) -> pd.DataFrame:
    """The reference: statsmodels' ETS(A,Ad,N) fitted by maximum likelihood, its mean and 80 % interval."""
    import warnings

    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    values = history.sort_index().reset_index(drop=True).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = ETSModel(values, error="add", trend="add", damped_trend=True).fit(disp=False)
        return fitted.get_prediction(start=len(values), end=len(values) + horizon - 1).summary_frame(alpha=0.2)


def test_the_fast_fit_agrees_with_statsmodels_on_every_sample_collège():
    """Every collège of the sample drive with a long history: the vectorised fit's projections are within a
    pupil of statsmodels' (median at horizon 3), its 80 % intervals as wide."""
    truth = observed_truth()
    history = pd.DataFrame([(u, y, v) for (u, y), v in truth.items()], columns=["uai", "rentree_scolaire", "effectif"])
    projected = projection.project_colleges(history)
    gaps, widths = [], []
    for uai, own in history.groupby("uai"):
        mine = projected[(projected["uai"] == uai)].sort_values("rentree_scolaire")
        if mine["source"].iloc[0] != ETS:
            continue
        series = own.set_index("rentree_scolaire")["effectif"].sort_index()
        series = series.reindex(range(series.index.min(), series.index.max() + 1)).interpolate()
        reference = _statsmodels(series)
        gaps.append(abs(float(mine["effectif"].iloc[2]) - float(reference["mean"].iloc[2])))
        widths.append((float(mine["effectif_haut_80"].iloc[2] - mine["effectif_bas_80"].iloc[2]),
                       float(reference["pi_upper"].iloc[2] - reference["pi_lower"].iloc[2])))
    assert len(gaps) >= 30
    assert np.median(gaps) <= 1.0, sorted(gaps)[-5:]
    assert np.median([abs(mine - ref) / ref for mine, ref in widths]) < 0.05


def test_the_backtest_sample_is_the_same_whatever_the_order():
    assert projection.backtest_sample([f"u{i}" for i in range(10)], size=4) == \
        projection.backtest_sample([f"u{i}" for i in reversed(range(10))], size=4)


def test_the_fast_fit_s_backtest_is_no_worse_than_statsmodels():
    """The rolling-origin backtest of the sample: the model's MAPE at horizons 1 to 3 is no worse than that of the
    same backtest fitted by statsmodels."""
    truth = observed_truth()
    history = pd.DataFrame([(u, y, v) for (u, y), v in truth.items()], columns=["uai", "rentree_scolaire", "effectif"])
    origins = projection.backtest_origins(int(history["rentree_scolaire"].max()))
    ours = projection.backtest(history, origins).set_index("horizon")["mape_modele"]
    errors = {h: [] for h in (1, 2, 3)}
    for origin in origins:
        known = history[history["rentree_scolaire"] <= origin]
        for uai, own in known.groupby("uai"):
            series = own.set_index("rentree_scolaire")["effectif"].sort_index()
            if series.index.max() != origin or len(series) < SHORT_HISTORY:
                continue
            reference = _statsmodels(series.reindex(range(series.index.min(), origin + 1)).interpolate(), 3)
            for h in (1, 2, 3):
                actual = truth.get((uai, origin + h))
                if actual:
                    errors[h].append(abs(max(round(reference["mean"].iloc[h - 1]), 0) - actual) / actual)
    for h in (1, 2, 3):
        assert ours[h] <= 100 * np.mean(errors[h]) + 0.05, (h, ours[h], 100 * np.mean(errors[h]))
