-- Years with at least one budget flow (published or not).
select distinct year from budget_flows order by year
