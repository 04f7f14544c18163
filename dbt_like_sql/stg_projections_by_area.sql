-- Projected enrolments summed by arrondissement (Château-Gontier, Laval, Mayenne) and for the whole département,
-- per source and vintage: the sums of the collèges, so that they reconcile by construction.
select
    'arrondissement' as niveau,
    code_arrondissement as code_territoire,
    nom_arrondissement as nom_territoire,
    rentree_scolaire,
    nature,
    source,
    millesime,
    sum(effectif)::bigint as effectif
from stg.projections
group by all
union all
select 'département', '53', 'Mayenne', rentree_scolaire, nature, source, millesime, sum(effectif)::bigint
from stg.projections
group by all
order by niveau, code_territoire, rentree_scolaire, source, millesime
