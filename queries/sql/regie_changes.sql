-- Every progress record of the Regie page (backoffice/regie_progress.py),
-- oldest first, undone ones included.
select id, kind, action, year, status, consultation, held_on, note, recorded_by, recorded_at, undone_by, undone_at
from regie_changes
order by id
