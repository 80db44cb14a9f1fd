-- Trajectory counts per municipality and category, plus the total over all
-- given municipalities (is_total). Categories: 'started', 'ongoing', 'ended',
-- the outcomes of ended trajectories ('job', 'training', 'stopped',
-- 'unknown' = not published) and 'stop_<reason>' for stopped ones.
-- $programme, $start_year: NULL = all; $target_group: 'totaal' = all.
-- Sums the pre-counted trajectory_counts (same rows as the view trajectories).
with filtered as (
    select nis, outcome, stop_reason, sum(n) as n
    from trajectory_counts
    where list_contains($nis, nis)
      and ($programme is null or programme = $programme)
      and ($target_group = 'totaal' or target_group = $target_group)
      and ($start_year is null or start_year = $start_year)
    group by nis, outcome, stop_reason
),
labelled as (
    select nis,
           case when outcome = 'ongoing' then 'ongoing' else 'ended' end as status,
           coalesce(outcome, 'unknown') as outcome,
           'stop_' || stop_reason as reason,
           n
    from filtered
),
grouped as (
    select nis, status, outcome, reason, cast(sum(n) as bigint) as n,
           grouping(nis) = 1 as is_total,
           grouping(status, outcome, reason) as level
    from labelled
    group by cube(nis), rollup(status, outcome, reason)
),
final as (
    select nis, is_total,
           case level when 7 then 'started' when 3 then status when 1 then outcome else reason end as category,
           n
    from grouped
    where level in (7, 3) or (level = 1 and outcome <> 'ongoing') or (level = 0 and reason is not null)
)
select * from final order by is_total, nis, category
