-- Recount `trajectory_counts` and `trajectory_starts` from the view
-- `trajectories` (schema.sql): the build, and whatever writes trajectories.
delete from trajectory_counts;
insert into trajectory_counts
select programme, nis, target_group, year(start_date), year(end_date), outcome, stop_reason, count(*)
from trajectories group by all;

delete from trajectory_starts;
insert into trajectory_starts
select programme, nis, target_group, count(*), min(start_date), max(start_date)
from trajectories group by all;
