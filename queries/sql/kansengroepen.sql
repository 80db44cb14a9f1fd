-- Every series of the Kansengroepen page (loaders/model_doelgroepen.py
-- `SERIES`: the official series and the modelled groups) for a set of
-- municipalities ($nis), every year. $series, $indicators, $target_groups are
-- parallel lists, one entry per series. `value` is NULL and `hidden` true where
-- the producer hid the value (flag 'x'); `per_1000` uses the population of the
-- same year (NULL for a rate, unit '%', which is not a count of people).
with series as (
    select unnest($series) as series, unnest($indicators) as indicator, unnest($target_groups) as target_group
),
shown as (
    select s.series, i.nis, i.period, i.value, i.unit, i.quality, coalesce(i.flag = 'x', false) as hidden
    from indicators i
    join series s using (indicator, target_group)
    where list_contains($nis, i.nis)
),
population as (
    select nis, period, population
    from stg_population
    where list_contains($nis, nis)
),
final as (
    select shown.nis, m.name_nl, cast(shown.period as integer) as year, shown.series, shown.value, shown.hidden,
           shown.unit, shown.quality, population.population,
           case when shown.unit <> '%' then 1000 * shown.value / population.population end as per_1000
    from shown
    join municipalities m using (nis)
    left join population using (nis, period)
)
select * from final order by name_nl, year, series
