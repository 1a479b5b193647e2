"""Operator use cases the `ebbtide server` commands call: users, audit checks, exports."""

from __future__ import annotations

import json
from pathlib import Path

from ebbtide.server import audit, fhir
from ebbtide.server.accounts import NewAccount, add_account
from ebbtide.server.db import open_server


def add_user(db: str | None, email: str, password: str, role: str) -> NewAccount:
    """Create an account on the server database."""
    sdb = open_server(db)
    try:
        return add_account(sdb, email, password, role)
    finally:
        sdb.close()


def verify_audit(db: str | None) -> audit.Verification:
    """Walk the audit chain."""
    sdb = open_server(db)
    try:
        with sdb.reading() as conn:
            return audit.verify(conn)
    finally:
        sdb.close()


def export_audit(db: str | None, path: Path) -> int:
    """Write the audit trail as a FHIR R4B Bundle of AuditEvent resources (file mode 0600)."""
    from ebbtide.service import atomic_write

    sdb = open_server(db)
    try:
        with sdb.reading() as conn:
            events = [fhir.audit_event(r) for r in audit.rows(conn)]
        bundle = fhir.collection(events, sdb.now())
    finally:
        sdb.close()
    data = json.dumps(bundle.model_dump(mode="json", exclude_none=True), indent=1)
    atomic_write(path, data.encode())
    return len(events)
