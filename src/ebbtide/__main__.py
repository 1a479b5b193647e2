"""`python -m ebbtide`."""

from ebbtide.cli.main import entrypoint

entrypoint()
