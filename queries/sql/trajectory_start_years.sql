-- Years in which trajectories started (options of the start-year filter).
select distinct start_year as year from trajectory_counts order by year
