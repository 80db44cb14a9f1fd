-- The latest labour-market picture per municipality ($nis) and year, 2014
-- onward: VDAB's jobseeker rate (werkzoekendengraad, %) and NWWZ (annual
-- average), vacancies received over the year and newcomers, each value with
-- whether the producer hid it ('x'; the value is then NULL). Areas are
-- summed from these counts by analysis/arbeidsmarkt.py, never by averaging
-- the rates.
with picked as (
    select nis, cast(period as integer) as year, indicator, value, coalesce(flag = 'x', false) as hidden
    from indicators
    where indicator in ('werkzoekendengraad', 'nwwz', 'vacatures_ontvangen', 'nieuwkomers')
      and target_group = 'totaal' and list_contains($nis, nis)
),
final as (
    select nis, year,
           max(value) filter (where indicator = 'werkzoekendengraad') as werkzoekendengraad,
           coalesce(bool_or(hidden) filter (where indicator = 'werkzoekendengraad'), false)
               as werkzoekendengraad_hidden,
           max(value) filter (where indicator = 'nwwz') as nwwz,
           coalesce(bool_or(hidden) filter (where indicator = 'nwwz'), false) as nwwz_hidden,
           max(value) filter (where indicator = 'vacatures_ontvangen') as vacatures_ontvangen,
           coalesce(bool_or(hidden) filter (where indicator = 'vacatures_ontvangen'), false)
               as vacatures_ontvangen_hidden,
           max(value) filter (where indicator = 'nieuwkomers') as nieuwkomers,
           coalesce(bool_or(hidden) filter (where indicator = 'nieuwkomers'), false) as nieuwkomers_hidden
    from picked
    group by nis, year
)
select * from final order by nis, year
