-- Projected enrolments summed by arrondissement (Château-Gontier, Laval, Mayenne) and for the whole département.
select
    'arrondissement' as niveau,
    code_arrondissement as code_territoire,
    nom_arrondissement as nom_territoire,
    rentree_scolaire,
    nature,
    source,
    sum(effectif)::bigint as effectif
from stg.projections
group by all
union all
select 'département', '53', 'Mayenne', rentree_scolaire, nature, source, sum(effectif)::bigint
from stg.projections
group by all
order by niveau, code_territoire, rentree_scolaire
