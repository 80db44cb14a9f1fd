-- The goals of the VDAB agreement, one row per linked indicator (indicator
-- NULL: the plan links none), with the indicator's label, unit and decimals
-- (NULL when the store does not know the indicator); `indicator_title` the
-- plan's words for it (NULL: its label and group), apart from the goal's `title`.
select g.code, g.number, g.title, g.actions, gi.sort, gi.indicator, gi.target_group, gi.title as indicator_title, gi.per_indicator,
       gi.per_target_group, gi.per_scale, gi.per_unit, gi.per_decimals, m.label, m.unit, m.decimals
from regie_goals g
left join regie_goal_indicators gi on gi.goal = g.code
left join indicator_meta m on m.indicator = gi.indicator
order by g.number, gi.sort
