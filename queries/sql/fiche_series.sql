-- Yearly values of the indicators $indicators for the municipalities $nis,
-- every year and target group; `hidden`: the producer hid the value (flag
-- 'x', value NULL), not a zero and not a missing value.
select nis, cast(period as integer) as year, indicator, target_group, value,
       coalesce(flag = 'x', false) as hidden
from indicators
where list_contains($indicators, indicator) and list_contains($nis, nis) and length(period) = 4
order by indicator, target_group, nis, year
