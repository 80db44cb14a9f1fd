-- Target-group sizes (all groups and 'totaal') of a set of municipalities in
-- one year ($year, e.g. '2015'; NULL = every year), with that year's
-- population for the rate per 1,000 inhabitants.
with groups as (
    select nis, period, target_group, value, quality
    from indicators
    where indicator = 'doelgroep_omvang' and ($year is null or period = $year) and list_contains($nis, nis)
),
population as (
    select nis, period, population
    from stg_population
    where ($year is null or period = $year) and list_contains($nis, nis)
),
final as (
    select groups.nis, m.name_nl, m.region, groups.period, groups.target_group, groups.value, population.population,
           1000 * groups.value / population.population as per_1000, groups.quality
    from groups
    join population using (nis, period)
    join municipalities m using (nis)
)
select * from final order by name_nl, period, target_group
