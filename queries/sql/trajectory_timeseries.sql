-- Trajectories started and ended per year, per municipality and in total
-- over all given municipalities (is_total). Filters as trajectory_cells.
with filtered as (
    select nis, start_date, end_date
    from trajectories
    where list_contains($nis, nis)
      and ($programme is null or programme = $programme)
      and ($target_group = 'totaal' or target_group = $target_group)
      and ($start_year is null or year(start_date) = $start_year)
),
events as (
    select nis, 'start' as kind, year(start_date) as year from filtered
    union all
    select nis, 'end' as kind, year(end_date) as year from filtered where end_date is not null
),
final as (
    select nis, grouping(nis) = 1 as is_total, kind, year, count(*) as n
    from events
    group by grouping sets ((nis, kind, year), (kind, year))
)
select * from final order by is_total, nis, kind, year
