-- Years with at least one value of an indicator; with $indicator NULL,
-- every year any indicator in the store has (the shared year filter).
select distinct cast(left(period, 4) as integer) as year
from indicators
where $indicator is null or indicator = $indicator
order by year
