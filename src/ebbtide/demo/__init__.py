"""Deterministic, realistic demo histories with their ground truth.

Importable by tests and benchmarks: ``generate(...)`` gives one person's history and
truth; ``generate_cohort(...)`` many; ``History.records()`` the domain records.
"""

from ebbtide.demo.generator import (
    ARCHETYPES,
    History,
    Truth,
    generate,
    generate_cohort,
)

__all__ = ["ARCHETYPES", "History", "Truth", "generate", "generate_cohort"]
