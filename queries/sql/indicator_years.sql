-- Years with at least one value of an indicator.
select distinct cast(left(period, 4) as integer) as year
from indicators
where indicator = $indicator
order by year
