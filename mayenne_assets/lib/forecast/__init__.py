"""Enrolments projected from the published history: each collège's next rentrées by damped-trend exponential
smoothing (statsmodels' ETS, with 80 % prediction intervals; a short history gets the last value repeated, said
so), totals summed from the collèges, and a rolling-origin backtest against the naive forecast."""
