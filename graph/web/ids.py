"""Component ids of the page, kept in one place (kebab-case)."""

# Stores and location
URL = "url"
GRAPH = "graph-token"  # which graph this browser session explores: None for the article
SELECTION = "selection"  # {"kind": "concept"|"link", "id": ..., "origin": ...}
TRAIL = "trail"  # concept IRIs visited, oldest first
VIEW = "view"  # focus and filters
HIGHLIGHT = "highlight"  # {"nodes": [...], "edges": [...]} of a path or loop
CENTRE = "centre-dummy"

# Header
SEARCH = "search"
GRAPH_NAME = "graph-name"
GRAPH_MESSAGE = "graph-message"

# Canvas and its toolbar
CYTOSCAPE = "cytoscape"
LAYOUT = "layout-choice"
DEPTH = "focus-depth"
FOCUS = "focus-button"
RESET = "reset-button"
CATEGORY_FILTER = "category-filter"
RELATION_FILTER = "relation-filter"
SECTION_FILTER = "section-filter"
VIEW_STATUS = "view-status"
IMAGE_PNG = "image-png"
IMAGE_SVG = "image-svg"
LEGEND = "legend"

# Right-hand tabs
TABS = "tabs"
DETAILS = "details"
BACK = "back-button"
TRAIL_LIST = "trail-list"

# Pattern-matching id types
CONCEPT_LINK = "concept-link"  # {"type": CONCEPT_LINK, "iri": ..., "at": ...}: moves the selection
EDGE_LINK = "edge-link"  # {"type": EDGE_LINK, "id": "source|relation|target", "at": ...}
TRAIL_ITEM = "trail-item"  # {"type": TRAIL_ITEM, "index": i}
