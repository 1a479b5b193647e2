"""A throwaway PostgreSQL server for the test suite (shared with `make server-demo`).

The logic lives in ``ebbtide.server.localpg``; this module keeps the tests' import path.
"""

from __future__ import annotations

from ebbtide.server.localpg import PostgresServer, create_database, postgres_server

__all__ = ["PostgresServer", "create_database", "postgres_server"]
