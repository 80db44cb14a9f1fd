-- Inputs of the target-group model (loaders/model_doelgroepen.py): the real
-- population and employment rate per municipality and year, where both exist,
-- with the working-age population (model bevolking_20_64, built before).
with pop as (
    select nis, period, population from stg_population where population > 0
),
working_age as (
    select nis, period, working_age from stg_working_age
),
rate as (
    select nis, period, rate from stg_employment_rate where rate is not null
),
final as (
    select nis, cast(period as integer) as year, population, working_age, rate,
           m.reg_nis = $flanders as flemish
    from pop
    join working_age using (nis, period)
    join rate using (nis, period)
    join municipalities m using (nis)
)
select * from final order by nis, year
