-- Every indicator the store holds for one municipality ($nis), each at its
-- reference period: the latest period in or before $year, or else the
-- latest there is (the monthly series start after the last yearly ones).
-- With the quality and source of that value and the indicator's metadata.
with values_of as (
    select *, cast(left(period, 4) as integer) <= $year as in_year
    from indicators
    where nis = $nis and value is not null
),
chosen as (
    select indicator, target_group,
           coalesce(max(period) filter (where in_year), max(period)) as period
    from values_of
    group by indicator, target_group
),
final as (
    select v.indicator, v.target_group, v.period, v.value, v.unit, v.quality, v.source,
           m.label, m.decimals, m.producer
    from values_of v
    join chosen using (indicator, target_group, period)
    left join indicator_meta m using (indicator)
)
select * from final order by indicator, target_group
