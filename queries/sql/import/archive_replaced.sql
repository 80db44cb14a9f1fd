-- Keep the imported rows an import ($import_id) replaces (`_plan`, the
-- plan.sql rows), exactly as they were, so a rollback restores them.
insert into import_replaced by name
select $import_id as replaced_by, o.*
from imported_values o
where exists (select 1 from _plan p
              where (o.nis, o.period, o.indicator, o.target_group) = (p.nis, p.period, p.indicator, p.target_group)
                and p.action = 'replaced')
