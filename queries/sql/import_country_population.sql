-- The country's population: the sum over every municipality in the latest
-- year of the built population series (imports left out: a partial import
-- of a newer year would understate it). No count of people or vacancies in
-- one municipality can exceed it (loaders/import_spec.py).
select sum(value) as population
from indicator_values
where indicator = 'bevolking' and target_group = 'totaal'
  and period = (select max(period) from indicator_values where indicator = 'bevolking')
