-- Budget flows of one year ($year) or summed over all years ($year NULL).
-- A flow with any year not published stays NULL: never shown as 0.
-- $modelled: also the modelled partner split.
with selected as (
    select * from budget_flows
    where ($year is null or year = $year) and ($modelled or quality <> 'modelled')
),
final as (
    select from_node, to_node, quality,
           case when count(amount_eur) = count(*) then sum(amount_eur) end as amount_eur,
           min(year) as first_year, max(year) as last_year, count(*) as years,
           any_value(source) as source
    from selected
    group by from_node, to_node, quality
)
select * from final order by first_year, amount_eur desc nulls last, from_node, to_node
