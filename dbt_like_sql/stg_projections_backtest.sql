-- How good the model's projections were in the past, per horizon: rolling-origin MAPE and bias (in %) of the model,
-- of the naive forecast (the last value repeated) and, where observed years exist, of the département's study.
select * from model.projection_backtest
order by horizon
