"""The ebbtide command line: thin commands over ``ebbtide.service``."""
