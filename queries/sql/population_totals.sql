-- Total population per municipality and year (1 January), the input of the
-- working-age model (loaders/model_bevolking_20_64.py).
select nis, period, value as population
from indicators
where indicator = 'bevolking' and target_group = 'totaal' and value is not null
order by nis, period
