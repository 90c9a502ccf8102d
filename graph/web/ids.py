"""Component ids of the page, kept in one place (kebab-case)."""

# Stores and location
URL = "url"
URL_STATE = "url-state"  # the query string, mirrored from URL except for the page load's own announcement
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
IMAGE_SVG_DRAWN = "image-svg-drawn"  # what the canvas draws, reported by the page for the SVG
IMAGE_DOWNLOAD = "image-download"
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

# SPARQL panel
SPARQL_EXAMPLE = "sparql-example"  # dropdown of example queries (values are the query texts)
SPARQL_QUERY = "sparql-query"
SPARQL_RUN = "sparql-run"
SPARQL_STATUS = "sparql-status"
SPARQL_TABLE = "sparql-table"
SPARQL_RESULT = "sparql-result"  # the last result as plain JSON, for its CSV download
SPARQL_CSV = "sparql-csv"
SPARQL_DOWNLOAD = "sparql-download"

# Export panel
EXPORT_SCOPE = "export-scope"
EXPORT_FORMAT = "export-format"
EXPORT_SUMMARY = "export-summary"
EXPORT_BUTTON = "export-button"
EXPORT_STATUS = "export-status"
EXPORT_DOWNLOAD = "export-download"

# Lists panel
LISTS_SHOWN = "lists-shown"  # the session graph the lists show
LISTS_ORDER = "lists-order"
LISTS_CONCEPTS = "lists-concepts"
LISTS_LINKS = "lists-links"
LISTS_PAGE = "lists-page"
LISTS_PREVIOUS = "lists-previous"
LISTS_NEXT = "lists-next"

# Paths, Loops and Analytics panels
PATH_SOURCE = "path-source"
PATH_TARGET = "path-target"
PATH_K = "path-k"
PATH_LENGTH = "path-length"
PATH_UNDIRECTED = "path-undirected"
PATH_RELATIONS = "path-relations"
PATH_AVOID = "path-avoid"
PATH_RUN = "path-run"
PATH_RESULT = "path-result"
PATH_STATE = "path-state"  # {"query": URL keys of the shown result, "highlights": [one per path]}
PATH_SHOW = "path-show"  # {"type": PATH_SHOW, "index": i}: draws path i on the canvas
PATH_CARD = "path-card"  # {"type": PATH_CARD, "index": i}
LOOP_LENGTH = "loop-length"
LOOP_LIST = "loop-list"
LOOP_STATE = "loop-state"  # {"token": the graph listed, "highlights": [one per loop]}
LOOP_SHOW = "loop-show"  # {"type": LOOP_SHOW, "index": i}: draws loop i on the canvas
LOOP_CARD = "loop-card"  # {"type": LOOP_CARD, "index": i}
LOOP_LINKS = "loop-links"  # {"type": LOOP_LINKS, "index": i}: the folded links of loop i
CENTRALITY_CHART = "centrality-chart"
CATEGORY_FLOW_CHART = "category-flow-chart"
ANALYTICS_STATE = "analytics-state"  # {"token": the graph the charts show}

# Graph tab (upload)
GRAPH_UPLOAD = "graph-upload"  # dcc.Upload of an RDF file
GRAPH_UPLOAD_LIMIT = "graph-upload-limit"
GRAPH_UPLOAD_MAX = "graph-upload-max"  # store: the upload limit in bytes, for the check in the browser
GRAPH_UPLOAD_FILE = "graph-upload-file"  # store: {"contents", "filename"} of a file within the limit
GRAPH_UPLOAD_STATUS = "graph-upload-status"  # the outcome of the last upload (role="status")
GRAPH_CURRENT = "graph-current"  # name and counts of the graph this session explores
GRAPH_REPORT = "graph-report"  # validation summary of an uploaded graph
GRAPH_BACK = "graph-back"  # "Back to the article": clears the session's token
