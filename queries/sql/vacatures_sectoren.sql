-- VDAB vacancies per sector ($indicator: 'vacatures_ontvangen' or
-- 'vacatures_open') per municipality ($nis) and year, sector totals
-- excluded; the sector label comes from the export's metadata (code here).
select nis, cast(period as integer) as year, target_group as sector, value, flag
from indicators
where indicator = $indicator and target_group <> 'totaal' and list_contains($nis, nis)
order by nis, year, sector
