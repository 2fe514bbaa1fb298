"""Benchmarks: ``make bench`` (or ``python -m scripts.bench [name ...]``) runs each registered
benchmark in a throwaway test database and prints its figures. Compare runs as ratios.

Add a benchmark by writing a module with functions decorated ``@benchmark("name")`` that
return a dict of figures, and listing the module in ``MODULES``. Uses config.settings.test:
SQLite in memory, or PostgreSQL when ``DATABASE_URL`` names one (give it a database of its own).
"""

import os
import sys
import time
from collections.abc import Callable
from importlib import import_module

MODULES = [
    "scripts.bench_care",
    "scripts.bench_roster",
    "scripts.bench_search",
    "scripts.bench_ledger",
    "scripts.bench_training",
    "scripts.bench_admin",
    "scripts.bench_exports",
]
REGISTRY: dict[str, Callable[[], dict]] = {}


def benchmark(name: str):
    def register(func):
        REGISTRY[name] = func
        return func

    return register


class Measure:
    """Wall time and SQL statement count of a block."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._queries = CaptureQueriesContext(connection)
        self._queries.__enter__()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        self._queries.__exit__(*exc)
        self.queries = len(self._queries.captured_queries)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # the figures, not every page published or task run
    from django.db import connection
    from django.test.utils import setup_test_environment

    for module in MODULES:
        import_module(module)
    # Run as ``python -m scripts.bench`` this file is __main__; the modules registered with
    # the importable ``scripts.bench``.
    registry = import_module("scripts.bench").REGISTRY
    names = argv or list(registry)
    unknown = [n for n in names if n not in registry]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(registry)}")
        return 2
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        for name in names:
            figures = registry[name]()
            print(f"\n== {name}")
            for key, value in figures.items():
                print(f"  {key:<40} {value}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
