"""An empty Streamlit page: the benchmark's baseline for opening a page (scripts/bench.py)."""

import streamlit as st

st.write("ready")
