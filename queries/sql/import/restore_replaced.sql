-- A rollback: the imported rows import $import_id had replaced come back.
insert into imported_values by name
select * exclude (replaced_by) from import_replaced where replaced_by = $import_id
