"""The Observatory in the browser: pages for people and a JSON API (``create_app``)."""

from .app import create_app

__all__ = ["create_app"]
