"""Tables, migrations and repositories: where records are kept."""
