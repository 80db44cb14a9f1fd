-- Changes whenever the store is rebuilt or an import changes it; part of
-- every cache key.
select coalesce(string_agg(value, '|' order by key), '')
from build_info
where key in ('fingerprint', 'built_at', 'import_version')
