"""The layers of the geo package, as docs/how-it-is-built.md describes them.

geo/errors.py is the one error type; geo/i18n.py the catalogue of words. Then, each layer
importing only from itself and the layers before it:

    files -> model -> text -> maps -> state, exports

- files:   reading and checking the data files (schemas, limits, the atlas's tables)
- model:   snapshots and what produces them (years, scenarios, worldviews, compare, areas, people)
- text:    words in three languages (tables, history texts, questions, people's lines)
- maps:    the map component's payload, its script and its static files
- state:   the view state of the page, presentation mode, a composed lesson
- exports: files to take away (GeoJSON, CSV, HTML, the printed handout and worksheet, notebook)

None of it imports Streamlit, and no module imports another module's private (_underscore) name.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

GEO = ROOT / "geo"
# Rank of each package: a module may import from its own package and any of lower rank.
RANKS = {"errors": 0, "files": 1, "i18n": 2, "model": 3, "text": 4, "maps": 5}
TOP = ("state", "exports")  # the top layers: each may use everything below, not each other
PACKAGES = ("files", "model", "text", "maps", "state", "exports")


def _part(module: str) -> str:
    """The layer of a dotted module name inside geo ("geo.model.snapshot" -> "model")."""
    return module.split(".")[1] if module.count(".") else ""


def _geo_imports(path: Path) -> list[str]:
    """Every geo module the file imports (``from geo import x`` counts as ``geo.x``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "geo":
                found += [f"geo.{a.name}" for a in node.names]
            elif node.module.startswith("geo."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("geo.")]
    return found


def _modules() -> list[Path]:
    return sorted(p for p in GEO.rglob("*.py") if p.name != "__init__.py")


def test_every_module_sits_in_a_layer():
    loose = [p.name for p in GEO.glob("*.py") if p.stem not in ("__init__", "errors", "i18n")]
    assert loose == [], "a geo module outside the layer folders"
    assert sorted(p.name for p in GEO.iterdir() if p.is_dir() and p.name != "__pycache__") == (
        sorted(PACKAGES)
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(GEO)))
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    layer = path.parent.name if path.parent != GEO else path.stem
    for module in _geo_imports(path):
        other = _part(module) or module
        if other == layer:
            continue
        if layer in TOP:
            assert other not in TOP, f"{path.relative_to(ROOT)} imports {module} (a top layer)"
            continue
        assert other in RANKS and RANKS[other] < RANKS[layer], (
            f"{path.relative_to(ROOT)} ({layer}) imports {module} ({other}): a layer above it"
        )


def test_no_module_imports_a_private_name_of_another():
    paths = [*GEO.rglob("*.py"), *(ROOT / "atlas_ui").glob("*.py"), ROOT / "app.py"]
    paths += [*(ROOT / "scripts").glob("*.py")]
    private = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geo"):
                private += [
                    f"{path.relative_to(ROOT)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_")
                ]
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                base = node.value
                if isinstance(base, ast.Name) and base.id in _module_aliases(path):
                    private.append(f"{path.relative_to(ROOT)}: {base.id}.{node.attr}")
    assert private == []


def _module_aliases(path: Path) -> set[str]:
    """The names under which ``path`` imported geo modules (``from geo.x import mod``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geo"):
            for a in node.names:
                candidate = GEO.joinpath(*(node.module.split(".")[1:]), f"{a.name}.py")
                if candidate.exists():
                    names.add(a.asname or a.name)
    return names


def test_geo_never_imports_streamlit():
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in _modules()
        if "__pycache__" not in p.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'streamlit'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        assert "import streamlit" not in source and "from streamlit" not in source, path


# A module a reader can hold in their head: split along a real seam before it grows past this.
MAX_MODULE_LINES = 500


def test_no_module_is_longer_than_a_reader_can_follow():
    paths = [*GEO.rglob("*.py"), *(ROOT / "atlas_ui").glob("*.py"), ROOT / "app.py"]
    long = {
        str(p.relative_to(ROOT)): n
        for p in paths
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
