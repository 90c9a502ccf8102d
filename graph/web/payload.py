"""What a callback may assume about the values the page sends.

The page only ever sends what the layout and the callbacks put there, but a request to
``/_dash-update-component`` can carry anything. Callbacks read store data and component values
through these, so a forged value behaves as an absent one instead of raising (an HTTP 500).

>>> as_dict(["not", "a", "dict"]), as_list("text"), as_text(5), as_int("3", 1), as_int("<x>", 1)
({}, [], None, 3, 1)
>>> as_texts(["a", 1, None, "b"])
['a', 'b']
"""

from __future__ import annotations

__all__ = ["as_dict", "as_list", "as_text", "as_texts", "as_int", "as_selection", "as_highlight"]


def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def as_text(value) -> str | None:
    return value if isinstance(value, str) else None


def as_texts(value) -> list[str]:
    """The strings in a list (a checklist's or a multi-dropdown's value)."""
    return [item for item in as_list(value) if isinstance(item, str)]


def as_int(value, default: int) -> int:
    """``value`` as an int when it is one (or its digits), else ``default``."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return default


def as_selection(value) -> dict | None:
    """The ``ids.SELECTION`` data: ``{"kind": "concept", "id": iri}`` or ``{"kind": "link", "id":
    [source, relation, target]}`` (plus its ``origin``), else None.

    >>> as_selection({"kind": "link", "id": ["a", "r", "b"], "origin": "canvas"})["id"]
    ['a', 'r', 'b']
    >>> as_selection({"kind": "link", "id": "a"}), as_selection("concept")
    (None, None)
    """
    value = as_dict(value)
    kind, key = value.get("kind"), value.get("id")
    if kind == "concept" and isinstance(key, str):
        return value
    if kind == "link" and isinstance(key, list) and len(key) == 3 and all(isinstance(k, str) for k in key):
        return value
    return None


def as_highlight(value) -> dict | None:
    """The ``ids.HIGHLIGHT`` data, ``{"nodes": [...], "edges": [...]}`` of strings, else None."""
    if not isinstance(value, dict):
        return None
    return {"nodes": as_texts(value.get("nodes")), "edges": as_texts(value.get("edges"))}
