-- Trajectories started and ended per year, per municipality and in total
-- over all given municipalities (is_total). Filters as trajectory_cells.
with filtered as (
    select nis, start_year, end_year, n
    from trajectory_counts
    where list_contains($nis, nis)
      and ($programme is null or programme = $programme)
      and ($target_group = 'totaal' or target_group = $target_group)
      and ($start_year is null or start_year = $start_year)
),
events as (
    select nis, 'start' as kind, start_year as year, n from filtered
    union all
    select nis, 'end' as kind, end_year as year, n from filtered where end_year is not null
),
final as (
    select nis, grouping(nis) = 1 as is_total, kind, year, cast(sum(n) as bigint) as n
    from events
    group by grouping sets ((nis, kind, year), (kind, year))
)
select * from final order by is_total, nis, kind, year
