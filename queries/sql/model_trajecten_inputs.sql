-- Municipalities of the two regions with their population, for the
-- trajectory model (where participants live).
select nis, region, population_2020
from municipalities
where region is not null
order by nis
