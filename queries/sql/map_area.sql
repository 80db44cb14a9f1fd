-- The municipalities a map of a selection draws, one row each, with its
-- simplified boundary as GeoJSON geometry and its bounding box: the shown
-- ones ($nis, role 'gekozen') and, drawn grey for context (role
-- 'omgeving'), their neighbours and the rest of $region (the shown
-- municipalities' region). Which shown ones have a value is the page's
-- business (its own table), so this depends on the selection and the map
-- only, not on the year: ui/geometry.py runs it once per selection and map.
-- Each row also carries the municipality's representative point (lon, lat)
-- and population, where the map writes its name (charts/choropleth.py).
-- $map: 2019 (the boundary file: the employment rate, Statbel series) or
-- 2025 (after the mergers: the VDAB and inburgering exports).
--
-- Neighbours: municipalities that share a boundary vertex with the
-- selection. The boundaries are a simplified *coverage* (loaders/gemeenten.py),
-- so a shared border has identical vertices on both sides.
with boundaries as (
    select nis, min_lon, min_lat, max_lon, max_lat, lon, lat, population_2020 as population,
           case when $map = 2025 then coalesce(geojson_2025, geojson) else geojson end as geojson
    from municipalities
    where case when $map = 2025 then on_map_2025 else in_2019_boundaries end
),
shown as (
    select nis, geojson, min_lon, min_lat, max_lon, max_lat, lon, lat, population
    from boundaries
    where list_contains($nis, nis) and geojson is not null
),
bounds as (
    select min(min_lon) as min_lon, min(min_lat) as min_lat, max(max_lon) as max_lon, max(max_lat) as max_lat
    from shown
),
candidates as (
    select m.nis, m.geojson
    from boundaries m, bounds b
    where m.geojson is not null and not list_contains($nis, m.nis)
      and m.max_lon >= b.min_lon and m.min_lon <= b.max_lon
      and m.max_lat >= b.min_lat and m.min_lat <= b.max_lat
),
shown_vertices as (
    select distinct unnest(regexp_extract_all(geojson, '\[(-?[0-9.]+,-?[0-9.]+)\]', 1)) as xy from shown
),
neighbours as (
    select distinct v.nis
    from (select nis, unnest(regexp_extract_all(geojson, '\[(-?[0-9.]+,-?[0-9.]+)\]', 1)) as xy
          from candidates) v
    semi join shown_vertices s on s.xy = v.xy
),
context as (
    select nis from neighbours
    union
    select nis from boundaries
    where list_contains($region, nis) and not list_contains($nis, nis) and geojson is not null
)
select 'gekozen' as role, nis, geojson, min_lon, min_lat, max_lon, max_lat, lon, lat, population from shown
union all
select 'omgeving' as role, m.nis, m.geojson, m.min_lon, m.min_lat, m.max_lon, m.max_lat, m.lon, m.lat, m.population
from boundaries m semi join context c on c.nis = m.nis
order by role, nis
