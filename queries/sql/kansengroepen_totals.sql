-- The counts of the Kansengroepen page's series (see kansengroepen.sql)
-- summed over a set of municipalities ($nis), per series and year, with the
-- rate per 1,000 inhabitants over the municipalities with both a value and a
-- population that year (a municipality merged on 1 January 2025 has official
-- values under its new code but no population before 2025: it counts in the
-- sum, not in the rate). Rates (unit '%') do not add up and are left out. A
-- value the producer hid (flag 'x') is left out of the sum; `hidden` counts
-- them (the sum is then the published part: "n + x"). `modelled` when any
-- summed value is.
-- One query per area for all years: a year change only picks rows.
with series as (
    select unnest($series) as series, unnest($indicators) as indicator, unnest($target_groups) as target_group
),
shown as (
    select s.series, i.nis, i.period, i.value, i.quality, coalesce(i.flag = 'x', false) as hidden
    from indicators i
    join series s using (indicator, target_group)
    where list_contains($nis, i.nis) and i.unit <> '%'
),
population as (
    select nis, period, population
    from stg_population
    where list_contains($nis, nis)
),
final as (
    select shown.series, cast(shown.period as integer) as year,
           sum(shown.value) as value, count(*) filter (where shown.hidden) as hidden,
           sum(population.population) filter (where shown.value is not null) as population,
           1000 * sum(shown.value) filter (where population.population is not null)
               / sum(population.population) filter (where shown.value is not null) as per_1000,
           bool_or(shown.quality = 'modelled') as modelled
    from shown
    left join population using (nis, period)
    group by shown.series, shown.period
)
select * from final order by series, year
