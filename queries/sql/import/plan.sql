-- What an import does to each row of the file (`_new`, registered by
-- backoffice/importer.py), in file order: 'unchanged' when an earlier import
-- holds the same value and flag, or, with no earlier import, the built
-- official value is the same (re-importing a reference file changes
-- nothing); 'replaced' when an earlier import's value changes; 'added'
-- otherwise. `over_modelled`/`over_official`: the built values it takes
-- precedence over.
select n.nis, n.period, n.indicator, n.target_group, n.value, n.unit, n.quality, n.source,
       cast(n.flag as varchar) as flag,
       case when o.nis is not null and o.value is not distinct from n.value
                 and o.flag is not distinct from cast(n.flag as varchar) then 'unchanged'
            when o.nis is not null then 'replaced'
            when b.nis is not null and b.value is not distinct from n.value
                 and b.flag is not distinct from cast(n.flag as varchar) then 'unchanged'
            else 'added' end as action,
       o.value as old_value, o.flag as old_flag,
       b.nis is null and m.nis is not null as over_modelled,
       b.nis is not null and b.value is distinct from n.value as over_official
from _new n
left join imported_values o
    on (o.nis, o.period, o.indicator, o.target_group) = (n.nis, n.period, n.indicator, n.target_group)
left join indicator_values b on b.quality = 'official'
    and (b.nis, b.period, b.indicator, b.target_group) = (n.nis, n.period, n.indicator, n.target_group)
left join indicator_values m on m.quality = 'modelled'
    and (m.nis, m.period, m.indicator, m.target_group) = (n.nis, n.period, n.indicator, n.target_group)
order by n._i
