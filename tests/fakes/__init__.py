"""In-process fakes of the services Jejak talks to, for tests and benchmarks.

Importable as ``fakes`` once ``tests`` is on the path. Put the project root first:
``pythonpath = [".", "tests"]`` in ``[tool.pytest.ini_options]``. With ``tests`` alone, the
folders ``tests/config``, ``tests/storage``, ``tests/bot`` and ``tests/conversations`` become
namespace packages that shadow the real ones (``config.__file__`` is then None).

``fakes.telegram_api.FakeTelegram`` is a fake Telegram Bot API server.
"""
