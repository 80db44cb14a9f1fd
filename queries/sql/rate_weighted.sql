-- Population-weighted employment rate of a set of municipalities per year.
-- Weight: total population on 1 January of the same year (the files hold no
-- working-age series). Municipalities without both values are left out and
-- counted, so the page can say so. `present`: municipalities with the year
-- (a value or a hidden one); `expected`: those with the series in any year.
-- A year is complete when they are equal (analysis/years.py `covered_year`):
-- a year imported for two municipalities is no figure of their region.
with rate as (
    select nis, cast(period as integer) as year, rate
    from stg_employment_rate
    where (rate is not null or flag = 'x') and list_contains($nis, nis)
),
pop as (
    select nis, cast(period as integer) as year, population
    from stg_population
    where population is not null and list_contains($nis, nis)
),
final as (
    select rate.year,
           sum(rate.rate * pop.population) / sum(pop.population) filter (where rate.rate is not null) as rate,
           sum(pop.population) filter (where rate.rate is not null) as population,
           count(pop.population) filter (where rate.rate is not null) as municipalities,
           count(*) filter (where rate.rate >= $target) as at_target,
           count(*) as present,
           (select count(distinct nis) from rate) as expected
    from rate left join pop using (nis, year)
    group by rate.year
)
select * from final where municipalities > 0 order by year
