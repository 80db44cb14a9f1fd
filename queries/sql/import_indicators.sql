-- Indicators an official export may replace (loaders/import_spec.py), with
-- one stored period each: its form ('YYYY' or 'YYYY-MM') tells year from month.
select m.indicator, m.label, m.unit, m.decimals, m.quality, m.producer,
       coalesce((select min(v.period) from indicator_values v where v.indicator = m.indicator),
                (select min(i.period) from imported_values i where i.indicator = m.indicator)) as sample_period
from indicator_meta m
where m.quality <> 'derived'
order by m.indicator
