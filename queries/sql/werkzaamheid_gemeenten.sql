-- Employment rate and working-age population per municipality and year: the
-- input of the map colours, tooltips and ranking on the Werkzaamheid page.
-- `working_age` is the indicator `bevolking_20_64`: modelled, unless an
-- official series was imported (the `indicators` view prefers official).
with rate as (
    select nis, cast(period as integer) as year, value as rate
    from indicators
    where indicator = 'werkzaamheidsgraad' and target_group = 'totaal'
      and value is not null and list_contains($nis, nis)
),
working_age as (
    select nis, cast(period as integer) as year, value as working_age, quality as working_age_quality
    from indicators
    where indicator = 'bevolking_20_64' and target_group = 'totaal' and list_contains($nis, nis)
),
final as (
    select rate.nis, rate.year, rate.rate, working_age.working_age, working_age.working_age_quality
    from rate
    left join working_age using (nis, year)
)
select * from final order by nis, year
