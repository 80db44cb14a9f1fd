-- Years in which trajectories started (options of the start-year filter).
select distinct year(start_date) as year from trajectories order by year
