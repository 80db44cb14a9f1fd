-- The partnership programmes with their Dutch name and period, and what
-- they published (`published`: JSON, see the schema).
select programme, label, region, first_year, last_year, published, target_group_text, period_note, total_eur
from programmes order by first_year, programme
