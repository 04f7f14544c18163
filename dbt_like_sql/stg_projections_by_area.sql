-- Projected enrolments summed by arrondissement and for each département of the territory, per source and
-- vintage: the sums of the collèges, so that they reconcile by construction.
with projected as (
    select p.*, a.code_departement
    from stg.projections as p
    join (select distinct code_arrondissement, code_departement from ref.communes_actuelles) as a
        using (code_arrondissement)
)
select
    'arrondissement' as niveau,
    code_arrondissement as code_territoire,
    nom_arrondissement as nom_territoire,
    rentree_scolaire,
    nature,
    source,
    millesime,
    sum(effectif)::bigint as effectif
from projected
-- a territory of one arrondissement (Paris) would repeat its total: the département's row says it
where (select count(distinct code_arrondissement) from projected) > 1
group by all
union all
select 'département', dep.code_departement, dep.nom_departement, rentree_scolaire, nature, source, millesime,
       sum(effectif)::bigint
from projected
join ref.departements as dep using (code_departement)
group by all
order by niveau, code_territoire, rentree_scolaire, source, millesime
