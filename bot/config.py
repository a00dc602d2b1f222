"""Configuration from the environment and a `.env` file.

The variable names are the public interface (see README). Two layers: `GatewaySettings` is all
the one-shot commands (`smsbridge send|balance|status|check`) need; `Settings` adds the bot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.proxy import check_proxy, proxy_password
from bot.service.policy import TrackingPolicy
from bot.weekly import WeeklySlot, parse_weekly

BUNDLED_WSDL = Path(__file__).parent / "gateway" / "service.wsdl"

# The simulator's own panel: what SMS_SANDBOX uses when no credentials are given.
SANDBOX_USERNAME = "sandbox"
SANDBOX_PASSWORD = "sandbox-password"
SANDBOX_SENDER = "30000098"
MISSING_CREDENTIALS = "missing credentials: "


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    sms_username: str = ""
    sms_password: SecretStr = SecretStr("")
    sms_sender: str = ""
    sms_transport: Literal["soap", "link"] = "soap"
    sms_wsdl: str = str(BUNDLED_WSDL)
    sms_endpoint: str = "https://webservice.0098sms.com/service.asmx"
    sms_link_url: str = "https://0098sms.com/sendsmslink.aspx"
    sms_domain: str = "0098"
    sms_timeout: float = Field(default=20.0, gt=0, le=300)
    sms_sandbox: bool = False
    database_path: Path = Path("data/smsbridge.db")
    timezone: str = "Asia/Tehran"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # Phone numbers are masked and SMS texts left out of the logs unless this is set.
    log_customer_data: bool = False
    # Delivery tracking: here, not in Settings, because `smsbridge send` stores the row the bot
    # then tracks.
    delivery_poll_first: float = Field(default=30, gt=0)
    delivery_poll_max: float = Field(default=1800, gt=0)
    delivery_track_hours: float = Field(default=48, gt=0)
    # Every gateway request (SOAP, link API, a WSDL URL) goes through it; empty: direct.
    sms_proxy: str = ""

    @field_validator("sms_proxy")
    @classmethod
    def _sms_proxy_shape(cls, value: str) -> str:
        return check_proxy(value)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _poll_order(self) -> GatewaySettings:
        if self.delivery_poll_max < self.delivery_poll_first:
            raise ValueError("DELIVERY_POLL_MAX must be at least DELIVERY_POLL_FIRST")
        return self

    @model_validator(mode="after")
    def _credentials_unless_sandbox(self) -> GatewaySettings:
        if self.sms_sandbox:
            self.sms_username = self.sms_username or SANDBOX_USERNAME
            if not self.sms_password.get_secret_value():
                self.sms_password = SecretStr(SANDBOX_PASSWORD)
            self.sms_sender = self.sms_sender or SANDBOX_SENDER
            return self
        missing = [
            name
            for name, value in (
                ("SMS_USERNAME", self.sms_username),
                ("SMS_PASSWORD", self.sms_password.get_secret_value()),
                ("SMS_SENDER", self.sms_sender),
            )
            if not value.strip()
        ]
        if missing:
            raise ValueError(MISSING_CREDENTIALS + ",".join(missing))
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def tracking(self) -> TrackingPolicy:
        return TrackingPolicy(
            first=self.delivery_poll_first,
            maximum=self.delivery_poll_max,
            track_for=self.delivery_track_hours * 3600,
        )

    def secrets(self) -> list[str]:
        """Values that must never be printed (fed to the log redaction filter)."""
        return [self.sms_password.get_secret_value(), proxy_password(self.sms_proxy)]


class Settings(GatewaySettings):
    telegram_bot_token: SecretStr
    telegram_api_url: str = "https://api.telegram.org/bot"
    admin_ids: Annotated[frozenset[int], NoDecode]
    low_balance_threshold: int = Field(default=100, ge=0)
    balance_check_minutes: float = Field(default=60, ge=0)
    bot_language: Literal["fa", "en"] = "fa"
    bulk_concurrency: int = Field(default=8, ge=1, le=64)
    bulk_rate: float = Field(default=0, ge=0)
    # /export sends files of at most this size: 50 MB is what Telegram takes from a bot; a local
    # Bot API server (TELEGRAM_API_URL) takes up to 2000.
    export_file_mb: float = Field(default=50, gt=0, le=2000)
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, gt=0, lt=65536)
    webhook_secret: SecretStr = SecretStr("")
    # A single send of more parts than this asks for a confirmation (showing parts and credit).
    send_confirm_parts: int = Field(default=5, ge=1)
    # How long a /bulk list waits for its text.
    bulk_text_wait_minutes: float = Field(default=15, gt=0)
    # The largest recipient file /bulk downloads and reads.
    upload_max_kb: int = Field(default=1024, gt=0, le=20 * 1024)
    # "sat 09:00": the owners get last week's chart and figures then (TIMEZONE); empty: never.
    weekly_report: str = ""
    # A Prometheus endpoint on METRICS_HOST:METRICS_PORT; 0: none.
    metrics_port: int = Field(default=0, ge=0, lt=65536)
    metrics_host: str = "127.0.0.1"
    # bot: /schedule is held in SQLite and sent (tracked) when due; gateway: SendSMSWithTime.
    schedule_mode: Literal["bot", "gateway"] = "bot"
    schedule_grace: float = Field(default=3600, ge=0)  # seconds a missed due time is still sent

    @field_validator("weekly_report")
    @classmethod
    def _weekly_slot(cls, value: str) -> str:
        if value.strip():
            parse_weekly(value)
        return value.strip()
    # Every Bot API call and file download; empty: direct, or HTTPS_PROXY/ALL_PROXY if set.
    telegram_proxy: str = ""

    @field_validator("telegram_proxy")
    @classmethod
    def _telegram_proxy_shape(cls, value: str) -> str:
        return check_proxy(value)
    # An operator's campaign of more recipients than this waits for an owner's or admin's
    # approval; 0: every operator's campaign does.
    bulk_approval_over: int = Field(default=100, ge=0)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            ids = [part for part in parts if part]
            if not ids:
                raise ValueError("give at least one Telegram user id")
            bad = [part for part in ids if not part.lstrip("-").isdigit()]
            if bad:
                raise ValueError("not numeric Telegram user ids: " + ", ".join(bad))
            return frozenset(int(part) for part in ids)
        return value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value()
        if ":" not in token or any(ch.isspace() for ch in token):
            raise ValueError("does not look like a BotFather token (digits:letters)")
        return value

    @field_validator("bot_language", "schedule_mode", mode="before")
    @classmethod
    def _lower_language(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _webhook_https(self) -> Settings:
        if self.webhook_url and not self.webhook_url.startswith("https://"):
            raise ValueError("WEBHOOK_URL must be an https:// address")
        return self

    @property
    def weekly_slot(self) -> WeeklySlot | None:
        return parse_weekly(self.weekly_report) if self.weekly_report else None

    @property
    def telegram_file_url(self) -> str:
        base = self.telegram_api_url.rstrip("/")
        head, _, tail = base.rpartition("/")
        return f"{head}/file/{tail}" if head else f"{base}/file"

    def secrets(self) -> list[str]:
        return [
            *super().secrets(),
            self.telegram_bot_token.get_secret_value(),
            self.webhook_secret.get_secret_value(),
            proxy_password(self.telegram_proxy),
        ]


class ConfigError(Exception):
    """Invalid configuration: one line per problem, each naming its variable, no values."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


S = TypeVar("S", bound=GatewaySettings)


def load_settings(kind: type[S], **overrides: object) -> S:
    try:
        return kind(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError([line for error in exc.errors() for line in _describe(error)]) from None


def _describe(error: object) -> list[str]:
    assert isinstance(error, dict)
    loc = [str(part) for part in error.get("loc", ()) if not str(part).isdigit()]
    name = loc[0].upper() if loc else ""
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    if message.startswith(MISSING_CREDENTIALS):
        names = message.removeprefix(MISSING_CREDENTIALS).split(",")
        return [f"{var}: required unless SMS_SANDBOX=true" for var in names]
    if error.get("type") == "missing":
        message = "required, not set"
    return [f"{name}: {message}" if name else message]
