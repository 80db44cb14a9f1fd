"""Pure transforms on query results (no Streamlit, no SQL): testable alone."""
