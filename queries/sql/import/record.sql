-- One row per import in `imports` (the history Beheer and the CLI list).
insert into imports (id, imported_at, imported_by, via, file_name, content_hash, indicator, rows_in_file,
                     rows_added, rows_replaced, rows_unchanged, registered_meta, meta_json)
values ($id, $imported_at, $imported_by, $via, $file_name, $content_hash, $indicator, $rows_in_file,
        $rows_added, $rows_replaced, $rows_unchanged, $registered_meta, $meta_json)
