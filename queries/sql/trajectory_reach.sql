-- Trajectories started per programme, municipality and target group (only
-- where the programme registers the group). The group's size comes from
-- each series' own year (analysis.kansengroepen.sized), not from here.
-- Reads the pre-counted trajectory_starts, not every record.
with started as (
    select programme, nis, target_group, n as started, first_start, last_start
    from trajectory_starts
    where target_group is not null and list_contains($nis, nis)
),
final as (
    select started.*, p.label as programme_label, m.name_nl
    from started
    join programmes p using (programme)
    join municipalities m using (nis)
)
select * from final order by programme_label, name_nl, target_group
