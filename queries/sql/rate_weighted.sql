-- Population-weighted employment rate of a set of municipalities per year.
-- Weight: total population on 1 January of the same year (the files hold no
-- working-age series). Municipalities without both values are left out and
-- counted, so the page can say so.
with rate as (
    select nis, cast(period as integer) as year, value as rate
    from indicators
    where indicator = 'werkzaamheidsgraad' and target_group = 'totaal' and value is not null
      and list_contains($nis, nis)
),
pop as (
    select nis, cast(period as integer) as year, value as population
    from indicators
    where indicator = 'bevolking' and target_group = 'totaal' and value is not null
      and list_contains($nis, nis)
),
final as (
    select rate.year,
           sum(rate.rate * pop.population) / sum(pop.population) as rate,
           sum(pop.population) as population,
           count(*) as municipalities,
           count(*) filter (where rate.rate >= $target) as at_target
    from rate join pop using (nis, year)
    group by rate.year
)
select * from final order by year
