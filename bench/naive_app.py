"""The naive way, for the benchmark only (scripts/bench.py): the whole folium map rebuilt with
its geometry on every rerun, as many Streamlit map apps do. Same data, same year slider and
colours as the atlas; nothing here is used by the atlas itself."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import folium
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

# Run from a copy beside the atlas's static files (scripts/bench.py): the repo comes from the
# environment variable the benchmark sets, or from the folder above this file.
sys.path.insert(0, os.environ.get("ATLAS_REPO", str(Path(__file__).resolve().parent.parent)))

import geo
from geo.files.style import load_style
from geo.maps.assets import leaflet_css_url, leaflet_js_url, publish_static_assets

atlas = geo.load_atlas()
publish_static_assets(atlas.data_dir)
style = load_style()
years = geo.configurations(atlas)
year = st.select_slider("Year", options=years, value=years[-1], key="year")
snapshot = geo.historical_snapshot(year, atlas)
admin = {u.group: u.administered_by for u in snapshot.units}

m = folium.Map(location=[44.5, 146.5], zoom_start=6, tiles=None)
# Offline, like the atlas (no CDN). streamlit-folium's iframe lives two folders below the
# page (<base>/component/streamlit_folium.st_folium/), the atlas's own map frame at the page.
m.default_js = [("leaflet", "../../" + leaflet_js_url())]
m.default_css = [("leaflet_css", "../../" + leaflet_css_url())]
folium.GeoJson(
    atlas.areas.to_json(),
    style_function=lambda f: {
        "fillColor": style.state[admin.get(f["properties"]["group"], "NONE")].fill,
        "fillOpacity": 0.8,
        "color": "#333333",
        "weight": 1,
    },
).add_to(m)
# Tells the benchmark which year the frame drew (the atlas map sets data-atlas-year itself).
marker = MacroElement()
marker._template = Template(
    "{% macro script(this, kwargs) %}document.documentElement.dataset.year = '"
    + str(int(year))
    + "';{% endmacro %}"
)
m.add_child(marker)
st_folium(m, height=520, use_container_width=True, returned_objects=[])
