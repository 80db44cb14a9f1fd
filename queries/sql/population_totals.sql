-- Total population per municipality and year (1 January), the input of the
-- working-age model (loaders/model_bevolking_20_64.py).
select nis, period, population
from stg_population
where population is not null
order by nis, period
