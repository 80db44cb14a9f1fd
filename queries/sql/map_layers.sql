-- The map of a selection as GeoJSON FeatureCollections, one per layer:
-- 'waarde' (shown municipalities with a value of $indicator for
-- $target_group in $period, e.g. the employment rate in '2015'),
-- 'geen_gegevens' (shown, without that value) and 'omgeving' (drawn
-- grey for context: their neighbours and the rest of $region, the shown
-- municipalities' region), with the bounds of the shown municipalities.
-- Assembled here from the boundaries simplified at build time, so the page
-- only parses a few strings, cached per selection and period.
--
-- Neighbours: municipalities that share a boundary vertex with the
-- selection. The boundaries are a simplified *coverage* (loaders/gemeenten.py),
-- so a shared border has identical vertices on both sides.
with shown as (
    select m.nis, m.geojson, m.min_lon, m.min_lat, m.max_lon, m.max_lat, r.value is not null as has_value
    from municipalities m
    left join indicators r
        on r.nis = m.nis and r.indicator = $indicator and r.target_group = $target_group
       and r.period = $period
    where list_contains($nis, m.nis) and m.geojson is not null
),
bounds as (
    select min(min_lon) as min_lon, min(min_lat) as min_lat, max(max_lon) as max_lon, max(max_lat) as max_lat
    from shown
),
candidates as (
    select m.nis, m.geojson
    from municipalities m, bounds b
    where m.geojson is not null and not list_contains($nis, m.nis)
      and m.max_lon >= b.min_lon and m.min_lon <= b.max_lon
      and m.max_lat >= b.min_lat and m.min_lat <= b.max_lat
),
shown_vertices as (
    select distinct unnest(regexp_extract_all(geojson, '\[(-?[0-9.]+,-?[0-9.]+)\]', 1)) as xy from shown
),
neighbours as (
    select c.nis, any_value(c.geojson) as geojson
    from candidates c
    join (select nis, unnest(regexp_extract_all(geojson, '\[(-?[0-9.]+,-?[0-9.]+)\]', 1)) as xy
          from candidates) v using (nis)
    semi join shown_vertices s on s.xy = v.xy
    group by c.nis
),
context as (
    select nis, geojson from neighbours
    union
    select nis, geojson from municipalities
    where list_contains($region, nis) and not list_contains($nis, nis) and geojson is not null
),
features as (
    select case when has_value then 'waarde' else 'geen_gegevens' end as layer, nis, geojson from shown
    union all
    select 'omgeving' as layer, nis, geojson from context
),
final as (
    select layer,
           list(nis order by nis) as nis,
           '{"type":"FeatureCollection","features":['
               || string_agg('{"type":"Feature","id":"' || nis || '","geometry":' || geojson || '}', ','
                             order by nis)
               || ']}' as geojson
    from features
    group by layer
)
select final.*, bounds.*
from final, bounds
order by layer
