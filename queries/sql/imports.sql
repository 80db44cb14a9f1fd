-- Every import (Beheer page and `python -m loaders imports`), newest first.
select id, imported_at, imported_by, via, file_name, indicator, rows_in_file,
       rows_added, rows_replaced, rows_unchanged, rolled_back_at, rolled_back_by,
       content_hash
from imports
order by id desc
