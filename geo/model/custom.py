"""A reader's own division of the four disputed groups (the compare view's "custom" map).

:func:`custom_scenario` builds a scenario from a user's choice (each group, optionally each
Habomai islet, to JP / RU / JOINT, and a share of Etorofu for Japan);
:func:`encode_assignment` / :func:`decode_assignment` turn it into a short URL-safe text such as
``h=JP,s=JP,k=RU,e=0.25`` and back. :func:`geo.model.scenarios.scenario_snapshot` draws it like
any scenario of ``data/scenarios.toml``. Nothing here reads Streamlit or caches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from geo.errors import AtlasError
from geo.files.codes import DISPUTED_GROUPS
from geo.files.scenarios import SPLIT_GROUP, Scenario
from geo.i18n import t

CUSTOM_CODES = ("JP", "RU", "JOINT")
SHARE_DECIMALS = 4  # custom Etorofu shares are rounded to 0.01 % of the island
MAX_ENCODED_LENGTH = 256


class AssignmentError(AtlasError, ValueError):
    """A custom assignment (from a user or a URL) is malformed; the message says how."""


def short_keys(groups: tuple[str, ...] = DISPUTED_GROUPS) -> dict[str, str]:
    """The shortest unique prefix of each group id (``habomai`` → ``h`` ...), group → key."""
    keys = {}
    for group in groups:
        for n in range(1, len(group) + 1):
            prefix = group[:n]
            if not any(g != group and g.startswith(prefix) for g in groups):
                keys[group] = prefix
                break
    return keys


def custom_scenario(
    assignment: Mapping[str, str | float],
    *,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
    islets: tuple[str, ...] = (),
) -> Scenario:
    """Build a scenario from a user's choice, checking every value.

    Parameters
    ----------
    assignment : mapping with one entry per disputed group (``habomai``, ``shikotan``,
        ``kunashiri``, ``etorofu``) to ``"JP"``, ``"RU"`` or ``"JOINT"``; for ``etorofu`` a
        number in [0, 1] (Japan's share of its area, cut across its long axis from the
        Kunashiri end; rounded to 4 decimals) is accepted as well. Optional entries for single
        Habomai islets (ids in ``islets``) override the Habomai value for that islet.
    groups : the disputed groups.
    islets : the Habomai islet feature ids that may be set one by one (e.g. ``suisho``,
        ``yuri``, ``akiyuri``, ``shibotsu``, ``taraku``, ``habomai_rocks``).

    Returns
    -------
    Scenario with ``custom=True`` and id ``custom``.

    Raises
    ------
    AssignmentError
        naming every missing, unknown or invalid entry.
    """
    problems = []
    if not isinstance(assignment, Mapping):
        raise AssignmentError(f"expected a mapping of group to code, got {type(assignment)}")
    missing = [g for g in groups if g not in assignment]
    if missing:
        problems.append(f"missing group(s) {missing}")
    unknown = sorted(set(assignment) - set(groups) - set(islets))
    if unknown:
        problems.append(
            f"unknown key(s) {unknown}; expected groups {list(groups)} or islets {list(islets)}"
        )
    allocation, split_share = [], None
    for group in groups:
        if group not in assignment:
            continue
        value = assignment[group]
        if group == SPLIT_GROUP and isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or not 0 <= value <= 1:
                problems.append(f"{group}: expected a share in [0, 1], got {value!r}")
                continue
            split_share = round(float(value), SHARE_DECIMALS)
            allocation.append((group, "SPLIT"))
        elif value in CUSTOM_CODES:
            allocation.append((group, value))
        else:
            extra = " or a share in [0, 1]" if group == SPLIT_GROUP else ""
            problems.append(f"{group}: expected one of {list(CUSTOM_CODES)}{extra}, got {value!r}")
    islet_pairs = _islets(assignment, islets, problems)
    if problems:
        raise AssignmentError("invalid custom assignment: " + "; ".join(problems))
    return Scenario(
        id="custom",
        # the interface's words (data/messages.toml [custom]), translated from the catalogue
        label=t("custom.title", "en"),
        proposer=t("custom.subtitle", "en"),
        date="",
        description=t("custom.description", "en"),
        sources=(),
        allocation=tuple(allocation),
        islets=islet_pairs,
        split_share=split_share,
        custom=True,
        final=True,
    )


def _islets(
    assignment: Mapping[str, str | float], islets: tuple[str, ...], problems: list[str]
) -> tuple[tuple[str, str], ...]:
    """The islets set one by one, as (islet, code) pairs; a wrong code is added to
    ``problems``."""
    pairs = []
    for islet in islets:
        if islet in assignment:
            value = assignment[islet]
            if value in CUSTOM_CODES:
                pairs.append((islet, value))
            else:
                problems.append(f"{islet}: expected one of {list(CUSTOM_CODES)}, got {value!r}")
    return tuple(pairs)


_ENCODED = re.compile(r"^[A-Za-z0-9_.,=]+$")
_SHARE = re.compile(rf"^(0(\.\d{{1,{SHARE_DECIMALS}}})?|1(\.0{{1,{SHARE_DECIMALS}}})?)$")


def encode_assignment(scenario: Scenario, groups: tuple[str, ...] = DISPUTED_GROUPS) -> str:
    """A short URL-safe text for a custom scenario, e.g. ``h=JP,s=JP,k=RU,e=0.25``.

    Groups use their shortest unique prefix (:func:`short_keys`), islets their full id;
    Etorofu is a code or Japan's share with at most 4 decimals. Only letters, digits and
    ``_ . , =`` are used, so it can go into a query parameter as it is.

    Raises
    ------
    AssignmentError
        for a scenario whose values a custom assignment cannot express (DISPUTED,
        SPLIT_EQUAL_AREA).
    """
    keys = short_keys(groups)
    parts = []
    for group, value in scenario.allocation:
        if value == "SPLIT":
            text = f"{scenario.split_share:.{SHARE_DECIMALS}f}".rstrip("0").rstrip(".")
            parts.append(f"{keys[group]}={text or '0'}")
        elif value in CUSTOM_CODES:
            parts.append(f"{keys[group]}={value}")
        else:
            raise AssignmentError(
                f"{group}: {value!r} cannot be encoded; expected one of {list(CUSTOM_CODES)} "
                "or a share"
            )
    parts += [f"{islet}={code}" for islet, code in scenario.islets]
    return ",".join(parts)


def decode_assignment(
    text: str,
    *,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
    islets: tuple[str, ...] = (),
) -> Scenario:
    """Parse the text made by :func:`encode_assignment` back into a custom scenario.

    Raises
    ------
    AssignmentError
        if the text is longer than 256 characters, uses other characters than letters,
        digits and ``_ . , =``, is not a list of ``key=value`` pairs, repeats a key, or fails
        :func:`custom_scenario`'s checks.
    """
    if not isinstance(text, str):
        raise AssignmentError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_ENCODED_LENGTH:
        raise AssignmentError(
            f"assignment text too long: {len(text)} characters, at most {MAX_ENCODED_LENGTH}"
        )
    if not _ENCODED.match(text):
        raise AssignmentError(
            "assignment text may only contain letters, digits and '_ . , =', "
            f"e.g. 'h=JP,s=JP,k=RU,e=0.25'; got {text[:40]!r}"
        )
    by_key = {key: group for group, key in short_keys(groups).items()}
    assignment: dict[str, str | float] = {}
    for pair in text.split(","):
        key, sep, value = pair.partition("=")
        if not sep or not key or not value or "=" in value:
            raise AssignmentError(f"expected key=value pairs separated by ',', got {pair!r}")
        name = by_key.get(key, key)
        if name in assignment:
            raise AssignmentError(f"key {key!r} given twice")
        if name == SPLIT_GROUP and value not in CUSTOM_CODES:
            if not _SHARE.match(value):
                raise AssignmentError(
                    f"{key}: expected {list(CUSTOM_CODES)} or a share 0...1 with at most "
                    f"{SHARE_DECIMALS} decimals, got {value!r}"
                )
            assignment[name] = float(value)
        else:
            assignment[name] = value
    return custom_scenario(assignment, groups=groups, islets=islets)
