"""No error path shows a token: URL settings are checked first, and what is printed is masked."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

import bot.cli.app
from config.redaction import redact_logging
from config.settings import Settings

TOKEN = "123456:AAE-token-that-must-never-show"
TWILIO = "f00dfeedf00dfeedf00dfeedf00dfeed"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("telegram_api_url", "http//127.0.0.1:1"),
        ("telegram_api_url", "127.0.0.1:8081"),
        ("telegram_api_url", "ftp://host"),
        ("telegram_api_url", "http://"),
        ("telegram_api_url", "http://[::1"),
        ("telegram_api_url", "http://host:port"),
        ("twilio_api_url", "api.twilio.com"),
        ("public_url", "jejak.example.sch.id"),
    ],
)
def test_a_malformed_url_setting_is_refused_without_the_token(name: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(telegram_token=TOKEN, **{name: value})
    [error] = caught.value.errors()
    assert error["loc"] == (name,) and "http(s) URL" in error["msg"]
    assert TOKEN not in str(caught.value)


def test_good_urls_pass_and_empty_means_unset() -> None:
    settings = Settings(
        telegram_api_url="http://127.0.0.1:8081/",
        twilio_api_url="https://api.twilio.com",
        public_url="",
    )
    assert settings.telegram_api_url == "http://127.0.0.1:8081/" and settings.public_url is None


@pytest.fixture
def root_log() -> Iterator[io.StringIO]:
    """A handler on the root logger, as `jejak` configures it, writing into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_log_records_and_their_tracebacks_never_show_a_token(root_log: io.StringIO) -> None:
    redact_logging(Settings(telegram_token=TOKEN, twilio_auth_token=TWILIO).secrets())
    log = logging.getLogger("telegram.ext.Updater")  # a library's logger, propagating to root
    log.error("POST %s failed", f"http://127.0.0.1:1/bot{TOKEN}/getUpdates")
    try:
        raise ConnectionError(f"http//127.0.0.1:1/bot{TOKEN}/getMe (auth {TWILIO})")
    except ConnectionError:
        log.exception("network error")
    shown = root_log.getvalue()
    assert "Traceback" in shown and "ConnectionError" in shown  # still useful to read
    assert TOKEN not in shown and TWILIO not in shown
    assert "/bot***/getUpdates" in shown and "/bot***/getMe (auth ***)" in shown


def test_an_unexpected_crash_prints_its_traceback_without_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JEJAK_TELEGRAM_TOKEN", TOKEN)

    def crashing_app() -> None:  # stands in for a command failing in a way nothing explains
        raise RuntimeError(f"cannot POST http://x/bot{TOKEN}/getMe")

    monkeypatch.setattr(bot.cli.app, "app", crashing_app)
    with pytest.raises(SystemExit) as exited:
        bot.cli.app.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "RuntimeError: cannot POST http://x/bot***/getMe" in err and TOKEN not in err
