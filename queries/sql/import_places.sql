-- Every code an import may name: municipalities (current and merged in
-- 2019) and the aggregates above them (arrondissement, province, region),
-- which an import skips. Used to check codes and suggest names.
with places as (
    select nis, name_nl as name, 'gemeente' as kind from municipalities
    union all
    select distinct arr_nis, arr_nl, 'arrondissement' from municipalities where arr_nis <> ''
    union all
    select distinct prov_nis, prov_nl, 'provincie' from municipalities where prov_nis <> ''
    union all
    select distinct reg_nis, reg_nl, 'gewest' from municipalities where reg_nis <> ''
)
select nis, any_value(name) as name, any_value(kind) as kind
from places
where nis is not null
group by nis
order by nis
