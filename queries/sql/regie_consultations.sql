-- The recurring consultations and the cadence the plan agrees for each.
select code, name, action, objective, cadence, minimum_per_year from regie_consultations order by sort
