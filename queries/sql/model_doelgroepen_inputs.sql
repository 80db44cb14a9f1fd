-- Inputs of the target-group model (loaders/model_doelgroepen.py): the real
-- population and employment rate per municipality and year, where both exist.
with pop as (
    select nis, period, value as population
    from indicators
    where indicator = 'bevolking' and target_group = 'totaal' and value > 0
),
rate as (
    select nis, period, value as rate
    from indicators
    where indicator = 'werkzaamheidsgraad' and target_group = 'totaal' and value is not null
),
final as (
    select nis, cast(period as integer) as year, population, rate, m.reg_nis = $flanders as flemish
    from pop
    join rate using (nis, period)
    join municipalities m using (nis)
)
select * from final order by nis, year
