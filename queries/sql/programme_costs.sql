-- Per programme: its budget over the whole programme (NULL when any funder's
-- amount is not published), the published trajectory totals and, for
-- comparison, the modelled records in the store (summed from the pre-counted
-- trajectory_counts, not from every record).
with money as (
    select p.programme,
           case when count(f.amount_eur) = count(*) and count(*) > 0 then sum(f.amount_eur) end as budget_eur
    from programmes p left join budget_flows f on f.to_node = p.label and f.quality = 'official'
    group by p.programme
),
records as (
    select programme, cast(sum(n) as bigint) as modelled_trajectories,
           cast(coalesce(sum(n) filter (where outcome = 'job'), 0) as bigint) as modelled_to_work
    from trajectory_counts
    group by programme
),
final as (
    select p.programme, p.label, p.first_year, p.last_year, money.budget_eur,
           p.published_trajectories, p.published_to_work,
           coalesce(records.modelled_trajectories, 0) as modelled_trajectories,
           coalesce(records.modelled_to_work, 0) as modelled_to_work
    from programmes p join money using (programme) left join records using (programme)
)
select * from final order by first_year, programme
