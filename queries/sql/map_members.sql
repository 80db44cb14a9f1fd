-- The municipalities of region $region_nis (e.g. '02000' Flanders) on the
-- municipality map of $map: 2019 (the boundary file, the employment rate,
-- Statbel's series) or 2025 (after the mergers: the VDAB and inburgering
-- exports, 285 Flemish municipalities).
select nis
from municipalities
where reg_nis = $region_nis
  and case when $map = 2025 then on_map_2025 else in_2019_boundaries end
order by nis
