-- The Regie page's plan (loaders/regie.py): where it comes from and its
-- years, as key/value rows.
select key, value from regie_plan order by key
