-- Per programme: its budget over the whole programme (NULL when any funder's
-- amount is not published) and the published trajectory totals (NULL: not
-- published). Never the modelled records: a cost per modelled trajectory
-- would be a result nobody published.
with money as (
    select p.programme,
           case when count(f.amount_eur) = count(*) and count(*) > 0 then sum(f.amount_eur) end as budget_eur
    from programmes p left join budget_flows f on f.to_node = p.label and f.quality = 'official'
    group by p.programme
),
final as (
    select p.programme, p.label, p.first_year, p.last_year, money.budget_eur,
           p.published_trajectories, p.published_to_work
    from programmes p join money using (programme)
)
select * from final order by first_year, programme
