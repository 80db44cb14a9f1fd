-- Yearly values of the (indicator, target group) pairs $indicators[i],
-- $target_groups[i] for the municipalities $nis: what the Regie page sums
-- or compares per area for the goals of the VDAB agreement. `hidden`: the
-- producer hid the value (flag 'x', value NULL).
with pairs as (
    select unnest($indicators) as indicator, unnest($target_groups) as target_group
)
select i.nis, cast(i.period as integer) as year, i.indicator, i.target_group, i.value,
       coalesce(i.flag = 'x', false) as hidden
from indicators i
join pairs using (indicator, target_group)
where list_contains($nis, i.nis) and length(i.period) = 4
order by i.indicator, i.target_group, i.nis, year
