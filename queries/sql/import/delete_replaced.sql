-- Remove the imported rows the import replaces (kept by archive_replaced.sql).
delete from imported_values o
where exists (select 1 from _plan p
              where (o.nis, o.period, o.indicator, o.target_group) = (p.nis, p.period, p.indicator, p.target_group)
                and p.action = 'replaced')
