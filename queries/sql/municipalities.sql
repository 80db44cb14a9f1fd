-- Every municipality with its place in the hierarchy and region membership.
select nis, name_nl, arr_nl, prov_nl, reg_nis, reg_nl, region, population_2020, in_2019_boundaries,
       on_map_2025, nis_2025
from municipalities
order by name_nl
