-- Employment rate and working-age population per municipality and year: the
-- input of the map colours, tooltips and ranking on the Werkzaamheid page.
-- `working_age` is the indicator `bevolking_20_64`: modelled, unless an
-- official series was imported (the `indicators` view prefers official).
with rate as (
    select nis, cast(period as integer) as year, rate
    from stg_employment_rate
    where rate is not null and list_contains($nis, nis)
),
working_age as (
    select nis, cast(period as integer) as year, working_age, working_age_quality
    from stg_working_age
    where list_contains($nis, nis)
),
final as (
    select rate.nis, rate.year, rate.rate, working_age.working_age, working_age.working_age_quality
    from rate
    left join working_age using (nis, year)
)
select * from final order by nis, year
