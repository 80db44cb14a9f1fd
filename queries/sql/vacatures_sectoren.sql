-- VDAB vacancies per sector ($indicator: 'vacatures_ontvangen' or
-- 'vacatures_open') per municipality ($nis) in one year ($year), sector
-- totals excluded; the sector label comes from the export's metadata (code
-- here). A sector the export left unknown ('?') has no row.
select nis, cast(period as integer) as year, target_group as sector, value, flag
from indicators
where indicator = $indicator and target_group <> 'totaal' and list_contains($nis, nis)
  and period = cast($year as varchar)
order by nis, sector
