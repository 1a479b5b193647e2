"""The newest schema migration (kept import-light: the fast write path reads it)."""

SCHEMA_HEAD = "0006_store_identity"
