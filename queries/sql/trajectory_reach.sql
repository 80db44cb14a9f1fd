-- Trajectories started per programme, municipality and target group (only
-- where the programme registers the group), beside the group's size in $year.
-- Reads the pre-counted trajectory_starts, not every record.
with started as (
    select programme, nis, target_group, n as started, first_start, last_start
    from trajectory_starts
    where target_group is not null and list_contains($nis, nis)
),
final as (
    select started.*, p.label as programme_label, m.name_nl, size.value as group_size
    from started
    join programmes p using (programme)
    join municipalities m using (nis)
    left join indicators size
        on size.indicator = 'doelgroep_omvang' and size.period = $year
        and size.nis = started.nis and size.target_group = started.target_group
)
select * from final order by programme_label, name_nl, target_group
