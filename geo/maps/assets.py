"""Files the browser loads from the app's own static folder: Leaflet and the atlas geometry.

Nothing is fetched from a public CDN. Leaflet comes from the pinned PyPI package
``django-js-lib-leaflet`` (Leaflet 1.9.4's dist files); the geometry comes from ``data/``.
:func:`publish_static_assets` copies both into ``static/`` (served by Streamlit under
``app/static/`` with ``server.enableStaticServing``); it only writes files whose content differs,
so running it again is cheap. These copies are build output and are not committed.

Every visitor's browser fetches the geometry: a file over its size limit
(:func:`geo.files.read.file_limit`, e.g. 1 MB for the basemap) is refused here too, before it is
read, so the folder never serves more than the data's limits allow.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

from geo.errors import DataError, PublishError, data_label
from geo.files.read import read_limited

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
LEAFLET_PACKAGE = "js_lib_leaflet"
LEAFLET_FILES = (
    "leaflet.js",
    "leaflet.css",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)
# The order matters: atlas_map.js expects basemap, areas, lines.
STATIC_GEOMETRY = ("basemap.geojson", "areas.geojson", "lines.geojson")
# The map resolves these relative URLs against the page's own address (<base>/, its
# document.baseURI): this prefix reaches <base>/app/static/ with or without
# --server.baseUrlPath.
STATIC_URL_PREFIX = "app/static/"


def leaflet_source_dir() -> Path:
    """Where the installed Leaflet package keeps its dist files."""
    spec = importlib.util.find_spec(LEAFLET_PACKAGE)
    if spec is None or spec.origin is None:
        raise DataError(
            LEAFLET_PACKAGE, "package is not installed; run `pip install -r requirements.txt`"
        )
    return Path(spec.origin).parent / "static" / LEAFLET_PACKAGE


def leaflet_js_url() -> str:
    return STATIC_URL_PREFIX + "vendor/leaflet/leaflet.js"


def leaflet_css_url() -> str:
    return STATIC_URL_PREFIX + "vendor/leaflet/leaflet.css"


def asset_url(name: str, data_dir: Path) -> str:
    """URL of a geometry file, versioned by its content so browsers never use a stale copy."""
    content = read_limited(data_dir / name, data_label(data_dir / name))
    return f"{STATIC_URL_PREFIX}atlas/{name}?v={hashlib.sha256(content).hexdigest()[:12]}"


def write_if_changed(dst: Path, content: bytes) -> bool:
    """Write ``content`` to ``dst`` unless it already holds exactly that; True if written.

    A folder that cannot be written raises ``PublishError`` naming the file from ``static/``
    on and the system's reason (no absolute path).
    """
    try:
        if dst.is_file() and dst.read_bytes() == content:
            return False
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f"{dst.name}.{os.getpid()}.tmp")
        tmp.write_bytes(content)
        tmp.replace(dst)  # atomic: a browser never fetches a half-written file
    except OSError as exc:
        parts = dst.parts
        start = len(parts) - 1 - parts[::-1].index("static") if "static" in parts else -3
        shown = "/".join(parts[start:])
        raise PublishError(shown, exc.strerror or exc.__class__.__name__) from exc
    return True


def _copy_if_changed(src: Path, dst: Path) -> bool:
    return write_if_changed(dst, src.read_bytes())


def publish_static_assets(data_dir: Path, static_dir: Path = STATIC_DIR) -> list[str]:
    """Copy Leaflet and the geometry files into ``static_dir``; return what was (re)written.

    Raises DataError for a geometry file over its size limit (nothing of it is published).
    """
    written = []
    leaflet = leaflet_source_dir()
    for name in LEAFLET_FILES:
        if _copy_if_changed(leaflet / name, static_dir / "vendor" / "leaflet" / name):
            written.append(f"vendor/leaflet/{name}")
    for name in STATIC_GEOMETRY:
        content = read_limited(data_dir / name, data_label(data_dir / name))
        if write_if_changed(static_dir / "atlas" / name, content):
            written.append(f"atlas/{name}")
    return written
