"""The domain package of the Kuril Islands dispute atlas. Never imports Streamlit."""

from geo.errors import AtlasError, DataError, PublishError, UnknownIdError
from geo.files.atlas import Atlas, Configuration, Reading
from geo.files.codes import DISPUTED_GROUPS, STATE_CODES
from geo.files.loading import load_atlas
from geo.model.areas import EQUAL_AREA_CRS, area_km2, group_area_km2
from geo.model.snapshot import Snapshot, Unit, claimed_not_administered, diff
from geo.model.timeline import (
    changes_since_previous,
    configuration,
    configuration_info,
    configurations,
    historical_snapshot,
    lines_for,
    load_areas,
    names_of,
)

__all__ = [
    "DISPUTED_GROUPS",
    "EQUAL_AREA_CRS",
    "STATE_CODES",
    "Atlas",
    "AtlasError",
    "Configuration",
    "DataError",
    "PublishError",
    "Reading",
    "Snapshot",
    "Unit",
    "UnknownIdError",
    "area_km2",
    "changes_since_previous",
    "claimed_not_administered",
    "configuration",
    "configuration_info",
    "configurations",
    "diff",
    "group_area_km2",
    "historical_snapshot",
    "lines_for",
    "load_areas",
    "load_atlas",
    "names_of",
]
