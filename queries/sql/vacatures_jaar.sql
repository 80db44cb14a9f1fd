-- VDAB's yearly vacancies and jobseekers per municipality ($nis), all years:
-- vacancies received over the year, open vacancies, NWWZ (annual average),
-- each with its hidden flag ('x': the producer hid the value). The tension
-- (VDAB's spanningsindicator: NWWZ per vacancy received) is computed from
-- these counts by analysis code, per municipality or summed over an area.
with vdab as (
    select nis, cast(period as integer) as year, indicator, value, flag
    from indicators
    where indicator in ('vacatures_ontvangen', 'vacatures_open', 'nwwz')
      and target_group = 'totaal' and list_contains($nis, nis)
),
final as (
    select nis, year,
           max(value) filter (where indicator = 'vacatures_ontvangen') as ontvangen,
           max(value) filter (where indicator = 'vacatures_open') as open,
           max(value) filter (where indicator = 'nwwz') as nwwz,
           coalesce(bool_or(flag = 'x'), false) as hidden
    from vdab
    group by nis, year
)
select * from final order by nis, year
