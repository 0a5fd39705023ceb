"""Settings from environment variables prefixed JEJAK_ (and a .env file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from config.files import DATABASE_FILE, user_data_dir
from conversations.messages import Language

# Settings that hold a URL Jejak sends requests to: the bot token is put into the Telegram one.
_HTTP_URLS = {
    "telegram_api_url": "http://127.0.0.1:8081",
    "twilio_api_url": "https://api.twilio.com",
    "public_url": "https://jejak.example.sch.id",
}


class Settings(BaseSettings):
    """Everything Jejak can be configured with. `jejak config show` prints it, secrets masked."""

    model_config = SettingsConfigDict(
        env_prefix="JEJAK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        default_factory=user_data_dir,
        description="Folder of the SQLite database (jejak.db) when JEJAK_DATABASE_URL is unset.",
    )
    database_url: SecretStr | None = Field(
        default=None,
        description=(
            "SQLAlchemy async URL: sqlite+aiosqlite:///FILE or postgresql+asyncpg://…; "
            "unset: jejak.db in JEJAK_DATA_DIR."
        ),
    )
    language: Language = Field(
        default="id", description="Default language for alumni and staff (id or en)."
    )
    questionnaire_dir: Path | None = Field(
        default=None,
        description="Extra folder of questionnaire YAML files, beside the built-in templates.",
    )
    telegram_token: SecretStr | None = Field(
        default=None, description="Bot token from @BotFather; enables the Telegram channel."
    )
    telegram_api_url: str | None = Field(
        default=None,
        description="Another Bot API server (self-hosted, or a test fake), e.g. http://host:8081.",
    )
    telegram_bot_username: str | None = Field(
        default=None,
        description="The bot's @username for invitation links (asked from Telegram when unset).",
    )
    public_url: str | None = Field(
        default=None,
        description="Public https URL of this server; when set, Telegram uses a webhook to it.",
    )
    twilio_account_sid: str | None = Field(
        default=None, description="Twilio account SID (AC…); with the token, enables WhatsApp."
    )
    twilio_auth_token: SecretStr | None = Field(
        default=None, description="Twilio auth token: signs webhooks and authenticates sends."
    )
    twilio_whatsapp_from: str | None = Field(
        default=None, description="The school's WhatsApp sender number, e.g. +6281234567890."
    )
    twilio_api_url: str | None = Field(
        default=None, description="Another Twilio API server (tests use a fake one)."
    )
    twilio_templates: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Approved WhatsApp templates as JSON, message kind[:language] -> Content SID, e.g. "
            '{"reminder_start:id": "HX…", "reminder_continue:id": "HX…"}; variables 1-3 are '
            "name, institution, survey."
        ),
    )
    twilio_rate: float = Field(
        default=80.0, description="Messages per second at most through the WhatsApp sender."
    )
    parent_messages: int = Field(
        default=1,
        ge=0,
        le=3,
        description=(
            "Messages at most to a parent's or guardian's number (the roster's guardian_phone) "
            "once an alumnus's own channels are spent, asking them to pass on the alumnus's "
            "link (the wa_parent template); 0 turns parents' messages off everywhere."
        ),
    )
    checkin_months: int = Field(
        default=12,
        ge=0,
        description=(
            "Months between check-ins asking linked alumni whether their number is still "
            "theirs (YA / GANTI / BERHENTI); 0 turns the check-in off."
        ),
    )
    http_host: str = Field(default="0.0.0.0", description="Address Jejak's HTTP server binds.")
    http_port: int = Field(default=8080, description="Port of Jejak's HTTP server.")
    telegram_rate: float = Field(
        default=30.0,
        gt=0,
        description="Messages per second at most through the Telegram bot (Telegram allows ~30).",
    )
    iku_definition: Literal["2021", "2025"] = Field(
        default="2025",
        description=(
            "Which definition of the universities' graduate IKU reports compute: 2021 (a job in "
            "under 6 months paying over 1.2x the minimum wage) or 2025 (working, studying or "
            "self-employed within 12 months)."
        ),
    )
    survey_opens_after_months: int = Field(
        default=12,
        ge=0,
        le=60,
        description=(
            "Months after the cohort's graduation that `jejak survey create` opens a survey on "
            "when --opens is not given (never before today)."
        ),
    )
    log_level: str = Field(default="WARNING", description="Logging level (DEBUG, INFO, WARNING…).")
    log_format: Literal["text", "json"] = Field(
        default="text", description="text for a terminal, json for a log collector (one a line)."
    )

    @field_validator("data_dir")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator(*_HTTP_URLS)
    @classmethod
    def _http_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        # A malformed URL would fail later inside an HTTP client whose error quotes the whole
        # request URL, bot token included: refuse it here, without repeating what was given.
        if not value:
            return None
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            example = _HTTP_URLS[info.field_name or ""]
            raise ValueError(f"not an http(s) URL; write it as e.g. {example}")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        url = value.get_secret_value()
        try:
            parsed = make_url(url)
        except Exception as exc:  # sqlalchemy raises ArgumentError with the URL in it
            raise ValueError(
                "not a database URL; use e.g. "
                "sqlite+aiosqlite:///jejak.db or postgresql+asyncpg://user@host/db"
            ) from exc
        if parsed.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError(
                f"driver {parsed.drivername!r}: Jejak needs an async "
                "driver: sqlite+aiosqlite:///FILE or postgresql+asyncpg://…"
            )
        return value

    @property
    def whatsapp_enabled(self) -> bool:
        """Twilio account, token and sender number are all configured."""
        return bool(
            self.twilio_account_sid and self.twilio_auth_token and self.twilio_whatsapp_from
        )

    @property
    def database(self) -> str:
        """The database URL in clear, for connecting (never print it: use `masked()`)."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite+aiosqlite:///{(self.data_dir / DATABASE_FILE).as_posix()}"

    def secrets(self) -> list[str]:
        """The tokens no log line, traceback or message may show (see config.redaction)."""
        held = (self.telegram_token, self.twilio_auth_token)
        return [
            secret.get_secret_value() for secret in held if secret and secret.get_secret_value()
        ]

    def masked(self) -> dict[str, Any]:
        """Every setting as `jejak config show` prints it: passwords and tokens masked."""
        shown: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name == "database_url":
                value = make_url(self.database).render_as_string(hide_password=True)
            elif isinstance(value, SecretStr):
                value = "********" if value.get_secret_value() else ""
            shown[name] = value
        return shown
