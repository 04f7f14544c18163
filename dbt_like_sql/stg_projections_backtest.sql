-- How good the projections were in the past, per horizon: the model's rolling-origin MAPE and bias (in %) and the
-- naive forecast's (the last value repeated), from model.projection_backtest; and the département's own study
-- against the rentrées observed since it was made, where there are any (the published enrolments the model was
-- fitted on: model.projection_history).
with departement as (
    select p.rentree_scolaire - p.millesime as horizon,
           round(100 * avg(abs(p.effectif - e.effectif) / e.effectif), 2) as mape_departement,
           count(*) as comparaisons_departement
    from stg.projections as p
    join model.projection_history as e using (uai, rentree_scolaire)
    where p.source = 'département' and p.nature = 'projection' and e.effectif > 0
    group by all
)
select b.*, d.mape_departement, d.comparaisons_departement
from model.projection_backtest as b
left join departement as d using (horizon)
order by horizon
