"""The bottom layer: pure helpers and shared words every other package may
import (no Streamlit, no store, no project imports)."""
