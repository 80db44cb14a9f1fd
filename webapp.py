"""The dashboard as served: `streamlit run webapp.py` (start.sh) runs app.py
behind the guards of ui/guards.py (uploads only for an admin, no global
cache clearing, security headers). Streamlit finds `app` below and serves
it as an ASGI app; the settings in .streamlit/config.toml apply as usual."""
import streamlit as st
from starlette.middleware import Middleware

from ui.guards import Guards

app = st.App("app.py", middleware=[Middleware(Guards)])
