-- Build step: counts of the years before 2025 for the municipalities created
-- on 1 January 2025, as the sum of their parts ($indicators: series published
-- on each year's own map, counts only). A year where a part has no value
-- (or a hidden one) gets no sum: a partial sum would be wrong. Rates are
-- never summed or averaged across a merger; they are not in $indicators.
with parts as (
    select nis as part, nis_2025
    from municipalities
    where nis_2025 is not null and nis_2025 <> nis
      and nis_2025 not in (select nis from municipalities where in_2019_boundaries)
),
wanted as (
    select nis_2025, count(*) as n_parts from parts group by nis_2025
),
summed as (
    select p.nis_2025 as nis, v.period, v.indicator, v.target_group, sum(v.value) as value,
           any_value(v.unit) as unit, count(v.value) as n_values,
           any_value(v.source) || ' (som van de deelgemeenten van vóór de fusie van 2025)' as source
    from indicator_values v
    join parts p on p.part = v.nis
    where list_contains($indicators, v.indicator) and v.quality = 'official'
    group by all
),
final as (
    select s.nis, s.period, s.indicator, s.target_group, s.value, s.unit, 'official' as quality, s.source
    from summed s
    join wanted w on w.nis_2025 = s.nis
    where s.n_values = w.n_parts
      and not exists (select 1 from indicator_values o
                      where o.nis = s.nis and o.period = s.period and o.indicator = s.indicator
                        and o.target_group = s.target_group)
)
insert into indicator_values by name select * from final
