"""ASGI entry point for servers: ``uvicorn peaceobs.web.asgi:app`` (store from $PEACEOBS_DB)."""

from .app import create_app

app = create_app()
