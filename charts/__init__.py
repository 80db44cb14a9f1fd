"""Pure figure builders: data in, plotly figure out. No Streamlit here."""
