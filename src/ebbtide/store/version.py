"""The newest schema migration (kept import-light: the fast write path reads it)."""

SCHEMA_HEAD = "0005_subject_revisions"
