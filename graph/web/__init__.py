"""The Dash app: the only part of the project that imports Dash."""

from .app import create_app

__all__ = ["create_app"]
