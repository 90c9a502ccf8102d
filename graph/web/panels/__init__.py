"""The tabs beside the canvas after Details. Each module has ``TAB_LABEL``, ``TAB_VALUE``,
``make_panel(concept_graph)`` (its layout) and ``register(app)`` (its callbacks)."""

from . import analytics, export, lists, loops, paths, sparql, upload

PANELS = (paths, loops, analytics, sparql, export, lists, upload)
