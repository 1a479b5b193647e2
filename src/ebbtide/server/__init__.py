"""The multi-user face: accounts, consent the client controls, audit, clinician and study views.

A face over the service layer like ``web/``; the personal local mode does not use it.
"""

from ebbtide.server.app import create_server_app
from ebbtide.server.db import ServerDB, Settings, init_server, open_server
from ebbtide.server.policy import Actor, Decision, Grant, Subject, authorize

__all__ = [
    "Actor",
    "Decision",
    "Grant",
    "ServerDB",
    "Settings",
    "Subject",
    "authorize",
    "create_server_app",
    "init_server",
    "open_server",
]
