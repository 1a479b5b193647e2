"""The local web app: pages and a JSON API over ``ebbtide.service``."""

from ebbtide.web.app import create_app

__all__ = ["create_app"]
