"""In-process fakes of the services Jejak talks to, for tests and benchmarks.

Importable as ``fakes`` once ``tests`` is on the path (``pythonpath = ["tests"]`` in the pytest
configuration, or ``pytest -o pythonpath=tests``).
"""
