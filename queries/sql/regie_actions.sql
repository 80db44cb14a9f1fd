-- Every action of the plan in the plan's order, with its objective.
select a.number, a.objective, o.number as objective_number, o.title as objective_title, a.parent, a.title,
       a.lead, a.role, a.leads, a.partners, a.timing, a.years_text, a.work_years
from regie_actions a
join regie_objectives o on o.code = a.objective
order by o.sort, a.sort
