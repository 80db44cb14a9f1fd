-- A rollback: the indicator an import registered leaves `indicator_meta`
-- when no imported value of it is left.
delete from indicator_meta
where indicator = $indicator and not exists (select 1 from imported_values where indicator = $indicator)
