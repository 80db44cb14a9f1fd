-- The Flemish municipalities of the 2025 map, the reference area of VDAB's
-- series (which use the 2025 codes): the municipalities of the jobseeker
-- file outside Brussels (NIS codes 21xxx). The one place that says which
-- municipalities "Vlaanderen" holds for the 2014-2024 series; once the
-- municipalities table carries the 2025 map, this reads it from there.
select distinct nis
from indicators
where indicator = 'werkzoekendengraad' and nis not like '21%'
order by nis
