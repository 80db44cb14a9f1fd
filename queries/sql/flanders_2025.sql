-- The Flemish municipalities of the 2025 map (after the mergers of 1 January
-- 2025): the reference area "Vlaanderen" of the series on that map (VDAB,
-- inburgering). The 2025 map holds Flanders and Brussels (NIS 21xxx).
select nis
from municipalities
where on_map_2025 and nis not like '21%'
order by nis
