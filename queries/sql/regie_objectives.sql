-- The plan's objectives (WSE-LR1 .. WSE-LR4) in the plan's order.
select code, number, title, partners from regie_objectives order by sort
