-- Target-group sizes (all groups and 'totaal') summed over a set of
-- municipalities ($nis), every year, with the summed population for the rate
-- per 1,000 inhabitants; `modelled` when any summed value is. One query per
-- area for all years, so a year change only picks rows from a cached result.
with groups as (
    select nis, period, target_group, value, quality
    from indicators
    where indicator = 'doelgroep_omvang' and list_contains($nis, nis)
),
population as (
    select nis, period, value as population
    from indicators
    where indicator = 'bevolking' and target_group = 'totaal' and list_contains($nis, nis)
),
final as (
    select groups.period, groups.target_group, sum(groups.value) as value, sum(population.population) as population,
           bool_or(groups.quality = 'modelled') as modelled
    from groups
    join population using (nis, period)
    group by groups.period, groups.target_group
)
select *, 1000 * value / population as per_1000 from final order by period, target_group
