"""Streamlit-only code of the atlas: the map component (geo/ never imports Streamlit)."""
