-- Store the import's new and changed rows under its id.
insert into imported_values by name
select nis, period, indicator, target_group, value, unit, quality, source, flag, $import_id as import_id
from _plan
where action <> 'unchanged'
