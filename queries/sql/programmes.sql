-- The partnership programmes with their Dutch name and period.
select programme, label, region, first_year, last_year from programmes order by first_year, programme
