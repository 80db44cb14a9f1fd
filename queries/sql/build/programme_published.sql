-- What a programme published on trajectories (model_trajecten.yml
-- `published.<code>`): the totals for costs per trajectory, and all of it as JSON.
update programmes
set published_trajectories = $started, published_to_work = $to_work, published = $published
where programme = $programme
