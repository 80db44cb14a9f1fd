select * from indicator_meta order by indicator
