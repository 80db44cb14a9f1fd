-- VDAB's yearly vacancies and jobseekers per municipality ($nis), all years:
-- vacancies received over the year, open vacancies, NWWZ (annual average),
-- each with its own flag ('x': the producer hid the value; `hidden`: any of
-- the three is hidden). The tension (VDAB's spanningsindicator: NWWZ per
-- vacancy received) is computed from these counts by analysis code, per
-- municipality or summed over an area.
with vdab as (
    select nis, cast(period as integer) as year, indicator, value, flag
    from indicators
    where indicator in ('vacatures_ontvangen', 'vacatures_open', 'nwwz')
      and target_group = 'totaal' and list_contains($nis, nis)
),
final as (
    select nis, m.name_nl, year,
           max(value) filter (where indicator = 'vacatures_ontvangen') as ontvangen,
           max(value) filter (where indicator = 'vacatures_open') as open,
           max(value) filter (where indicator = 'nwwz') as nwwz,
           max(flag) filter (where indicator = 'vacatures_ontvangen') as ontvangen_flag,
           max(flag) filter (where indicator = 'vacatures_open') as open_flag,
           max(flag) filter (where indicator = 'nwwz') as nwwz_flag,
           coalesce(bool_or(flag = 'x'), false) as hidden
    from vdab
    join municipalities m using (nis)
    group by nis, m.name_nl, year
)
select * from final order by nis, year
