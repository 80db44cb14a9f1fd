-- Every value of one series ($indicator, $target_group) in every Flemish
-- municipality (of either map) and every period, and its size per 1,000
-- inhabitants of the same municipality and period: a map's colour scale is
-- fixed from these (ui/geometry.py `value_range`), so the same value has the
-- same colour whatever the selection and year.
with flemish as (
    select nis from municipalities where reg_nis = $flanders or (on_map_2025 and nis not like '21%')
)
select i.value, 1000 * i.value / p.population as per_1000
from indicators i
semi join flemish f on f.nis = i.nis
left join stg_population p on p.nis = i.nis and p.period = i.period
where i.indicator = $indicator and i.target_group = $target_group and i.value is not null
