-- Every indicator and target group the store holds for one municipality
-- ($nis), each at its reference period: the latest period in or before
-- $year, or else the latest there is. A value the producer hid (flag 'x',
-- no value) is that period's value: shown as hidden, never passed over for
-- an older one. With the indicator's metadata; an indicator without a
-- metadata row (a new import) shows under its code and source.
with values_of as (
    select *, cast(left(period, 4) as integer) <= $year as in_year
    from indicators
    where nis = $nis and (value is not null or flag = 'x')
),
chosen as (
    select indicator, target_group,
           coalesce(max(period) filter (where in_year), max(period)) as period
    from values_of
    group by indicator, target_group
),
final as (
    select v.indicator, v.target_group, v.period, v.value, coalesce(v.flag = 'x', false) as hidden,
           v.unit, v.quality, v.source,
           coalesce(m.label, v.indicator) as label, coalesce(m.decimals, 1) as decimals,
           coalesce(m.producer, v.source) as producer
    from values_of v
    join chosen using (indicator, target_group, period)
    left join indicator_meta m using (indicator)
)
select * from final order by indicator, target_group
