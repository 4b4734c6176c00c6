"""api: the HTTP API and the dashboard over one store (the optional ``api`` extra).

Import it only where FastAPI is wanted: ``communique serve`` imports it inside the
command, so the core package runs without the extra installed.
"""

from communique.api.app import create_app

__all__ = ["create_app"]
