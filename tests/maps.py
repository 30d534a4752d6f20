"""The page's maps as AppTest sees them: each map's document (its iframe) and the message the
rerun hands it (the hidden state element beside it, geo.mapview.state_element)."""

from __future__ import annotations

import html
import json
import re

from streamlit.testing.v1 import AppTest

from geo import mapview

_STATE = re.compile(
    rf'<div class="{mapview.STATE_CLASS}" data-map="([^"]*)" data-state="([^"]*)" hidden></div>'
)


def map_documents(at: AppTest) -> list[str]:
    """The document of every map iframe on the page, in page order."""
    return [element.proto.srcdoc for element in at.get("iframe")]


def map_messages(at: AppTest) -> dict[str, dict]:
    """Map name -> the message of this rerun (decoded from the page's hidden element)."""
    out = {}
    for element in at.get("html"):
        for name, state in _STATE.findall(element.proto.body):
            out[html.unescape(name)] = json.loads(html.unescape(state))
    return out


def map_options(document: str) -> dict:
    """The options the document hands to atlasInit() (its script's last call)."""
    start = document.rindex("atlasInit(")
    options, _ = json.JSONDecoder().raw_decode(document[document.index("{", start) :])
    return options


def resolved_payload(message: dict, document: str) -> dict:
    """The payload a message makes the map show: itself, or the step it names by id."""
    if "ref" not in message:
        return message
    config = mapview.resolved_config(map_options(document))
    steps = {s["id"]: s["payload"] for s in config["steps"]}
    return {**steps[message["ref"]], "hidden_layers": message["hidden_layers"]}
