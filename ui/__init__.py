"""Streamlit-facing helpers shared by all pages."""
