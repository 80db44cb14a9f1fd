"""Loaders: read each source exactly as published, validate it, and write tidy
tables into the DuckDB store (see `build.py`). One module per source, with a
metadata file (`<module>.yml`) beside it that records provenance and units."""
