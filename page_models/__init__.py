"""Page models: what a page shows, gathered without Streamlit.

Each module has `collect(run, <plain filter values>, ..., keyed=direct) ->
<Page>Model`, a frozen dataclass of frames, labels, source lines, notes and
the inputs of the page's figures; the view in `views/` only lays it out.
`run(name, **params)` runs a named query (`ui.data.run` in the app, cached;
`queries.run_query` bound to a connection in tests and scripts).
`keyed(key, func, *args)` computes `func(*args)`: `direct` here, in the app
`ui.data.keyed`, which builds it once per data version and `key` (codes and
years), so that what a year change leaves alone is built once per set of
areas and a rerun only picks rows. No module here imports Streamlit or the
Streamlit glue of `ui/` (`common.format` is pure)."""
