-- Open vacancies and jobseekers per municipality and month ('YYYY-MM') for a
-- set of municipalities; `modelled` says whether either value is modelled
-- (an official import replaces the model through the indicators view).
with monthly as (
    select nis, period, indicator, value, quality
    from indicators
    where indicator in ('vacatures', 'werkzoekenden') and target_group = 'totaal'
        and list_contains($nis, nis)
),
final as (
    select nis, m.name_nl, m.region, period,
           max(value) filter (where indicator = 'vacatures') as vacatures,
           max(value) filter (where indicator = 'werkzoekenden') as werkzoekenden,
           bool_or(quality = 'modelled') as modelled
    from monthly
    join municipalities m using (nis)
    group by nis, m.name_nl, m.region, period
)
select * from final order by period, name_nl
