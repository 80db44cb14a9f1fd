-- Inputs of the vacancy model (loaders/model_vacatures.py): Flemish
-- municipalities within the 2019 boundaries with their population and
-- working-age population (model bevolking_20_64, built before) on 1 January
-- $population_year and their latest employment rate. The
-- municipalities merged in 2019 have no rate of their own: they get the
-- population-weighted rate of their arrondissement in that year.
with latest as (
    select max(period) as period from indicators where indicator = 'werkzaamheidsgraad'
),
rate as (
    select r.nis, r.value as rate, p.value as population
    from indicators r
    join latest using (period)
    join indicators p on p.nis = r.nis and p.period = r.period
        and p.indicator = 'bevolking' and p.target_group = 'totaal'
    where r.indicator = 'werkzaamheidsgraad' and r.target_group = 'totaal'
),
arrondissement_rate as (
    select m.arr_nis, sum(rate.rate * rate.population) / sum(rate.population) as rate
    from rate join municipalities m using (nis)
    group by m.arr_nis
),
population as (
    select p.nis, p.value as population, w.value as working_age
    from indicators p
    join indicators w on w.nis = p.nis and w.period = p.period
        and w.indicator = 'bevolking_20_64' and w.target_group = 'totaal'
    where p.indicator = 'bevolking' and p.target_group = 'totaal' and p.period = $population_year
),
final as (
    select m.nis, m.region, population.population, population.working_age,
           coalesce(rate.rate, arrondissement_rate.rate) as rate
    from municipalities m
    join population using (nis)
    left join rate using (nis)
    left join arrondissement_rate using (arr_nis)
    where m.reg_nis = $flanders and m.in_2019_boundaries
)
select * from final order by nis
