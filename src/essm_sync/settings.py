"""Settings: a TOML file plus ESSM_SYNC_<SECTION>__<KEY> environment variables, env winning.

Secrets are `SecretStr`; validation errors are turned into one line that names the key and
never echoes the value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import tempfile
import tomllib
import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from essm_sync.env import CONFIG_ENV, ENV_PREFIX
from essm_sync.errors import ConfigError
from essm_sync.kinds import DEFAULT_KINDS, ITEM_KIND, ITEM_KINDS, KIND_OF_SETTING, Kind

_Concurrency = Annotated[int, Field(ge=1, le=64)]
_Seconds = Annotated[float, Field(gt=0, le=3600)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


ACADEMIC_YEAR_START = "08-01"  # default of termtime.academic_year_start: 1 August


class TermTimeSettings(_Section):
    """Where TermTime is and how hard to press it."""

    base_url: str
    api_key: SecretStr
    concurrency: _Concurrency = 8
    timeout_s: _Seconds = 30.0
    # Month-day TermTime's academic year starts on: timetables are read only within it.
    academic_year_start: str = Field(default=ACADEMIC_YEAR_START, pattern=r"^\d\d-\d\d$")

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _check_base_url(value)

    @field_validator("academic_year_start")
    @classmethod
    def _check_year_start(cls, value: str) -> str:
        month, _, day = value.partition("-")
        try:
            # 2001 has no 29 February: the year must start on a day every year has.
            dt.date(2001, int(month), int(day))
        except ValueError:
            raise ValueError("must be a month-day every year has, as MM-DD (e.g. 08-01)") from None
        return value

    def year_starts(self) -> tuple[int, int]:
        """Return the month and day TermTime's academic year starts on."""
        month, day = self.academic_year_start.split("-")
        return int(month), int(day)


class BookerSettings(_Section):
    """Where Booker is, who the sync logs in as, and how hard to press it."""

    base_url: str
    username: str = Field(min_length=1)
    password: SecretStr
    concurrency: _Concurrency = 8
    timeout_s: _Seconds = 30.0
    page_size: Annotated[int, Field(ge=1, le=500)] = 500
    # Booker users whose `termtime:` bookings are the sync's own; default: `username`.
    owner_names: tuple[Annotated[str, Field(min_length=1)], ...] | None = None

    def owners(self) -> frozenset[str]:
        """Return the user names that own the sync's bookings, case-folded."""
        names = self.owner_names if self.owner_names else (self.username,)
        return frozenset(name.casefold() for name in names)

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _check_base_url(value)


class RetrySettings(_Section):
    """Retries of transient failures, shared by both systems."""

    attempts: Annotated[int, Field(ge=1, le=20)] = 6
    wait_initial_s: Annotated[float, Field(ge=0, le=60)] = 0.5
    wait_max_s: Annotated[float, Field(ge=0, le=600)] = 30.0
    total_timeout_s: _Seconds = 300.0


class RoomSettings(_Section):
    """How Booker rooms become TermTime rooms."""

    # None: every activity type TermTime lists gets the room's capacity (design.md).
    activity_types: tuple[str, ...] | None = None


class BookingSettings(_Section):
    """How TermTime events become Booker bookings."""

    timezone: str = "Europe/London"
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    # Which timetable items are booked (design.md), as `kinds.ItemKind.setting` names them.
    kinds: tuple[str, ...] = tuple(ITEM_KIND[kind].setting for kind in DEFAULT_KINDS)
    # Each kind's booking type: the field named by its `kinds.ItemKind.type_setting`.
    booking_type: str = ITEM_KIND["activities"].default_type  # of teaching events
    exam_booking_type: str = ITEM_KIND["exams"].default_type
    termtime_booking_type: str = ITEM_KIND["termtime_bookings"].default_type
    # TermTime department code -> Booker department Id, where the two differ.
    departments: dict[str, str] = Field(default_factory=dict)
    # Items overlapping in one room: "share" one booking over their union (rooms taught
    # together), or "first": the earliest keeps the room, the others are clashes.
    overlapping_items: Literal["share", "first"] = "share"

    @field_validator("timezone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("kinds")
    @classmethod
    def _check_kinds(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = ", ".join(KIND_OF_SETTING)
        if not value:
            raise ValueError(f"must name at least one of {known}")
        if not set(value) <= set(KIND_OF_SETTING):
            raise ValueError(f"each must be one of {known}")
        return tuple(dict.fromkeys(value))

    def item_kinds(self) -> tuple[Kind, ...]:
        """Return the kinds booked, by their names in the code."""
        return tuple(KIND_OF_SETTING[name] for name in self.kinds)

    def booking_types(self) -> dict[Kind, str]:
        """Return each kind's booking type, from the setting its `type_setting` names."""
        return {kind.name: str(getattr(self, kind.type_setting)) for kind in ITEM_KINDS}

    def zone(self) -> zoneinfo.ZoneInfo:
        """Return the configured time zone."""
        return zoneinfo.ZoneInfo(self.timezone)

    def window(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """Return the first and last day synced, defaulting around `today`."""
        start = self.window_start or today - dt.timedelta(days=7)
        end = self.window_end or today + dt.timedelta(days=180)
        if end < start:
            raise ConfigError(
                f"setting bookings.window_end ({end}) is before window_start ({start})"
            )
        return start, end


class RoomBookingSettings(_Section):
    """How people's Booker bookings become TermTime room bookings (design.md)."""

    # The TermTime staff code owning the room bookings; unset, the operation is off.
    owner: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    type: Annotated[str, Field(max_length=5)] = ""  # a room-booking type code, or none


class GuardSettings(_Section):
    """Safety limits: a plan past any of them is refused whole (exit 3)."""

    enabled: bool = True
    max_delete_pct: Annotated[float, Field(ge=0, le=100)] = 25.0
    max_delete_count: Annotated[int, Field(ge=0)] = 500
    max_update_pct: Annotated[float, Field(ge=0, le=100)] = 60.0
    max_update_count: Annotated[int, Field(ge=0)] = 5000
    # A source now offering less than this share of what we own looks broken, not shrunk.
    min_source_pct: Annotated[float, Field(ge=0, le=100)] = 50.0
    # Percentage limits only apply once this many records are owned.
    min_owned: Annotated[int, Field(ge=0)] = 20


class RunSettings(_Section):
    """How a run behaves as a whole."""

    lock_path: Path | None = None
    log_format: str = Field(default="text", pattern="^(text|json)$")
    # The exit code of a run that applied but did not reach the desired state (design.md:
    # 4); 0 lets a scheduler that must see 0 count it as a success, alerts coming from
    # the metrics instead. 1, 2 and 3 mean other things and are refused.
    incomplete_exit_code: Annotated[int, Field(ge=0, le=125)] = 4

    @field_validator("incomplete_exit_code")
    @classmethod
    def _check_exit_code(cls, value: int) -> int:
        if value in (1, 2, 3):
            raise ValueError("must not be 1, 2 or 3, which mean error, changes and refused")
        return value


class MetricsSettings(_Section):
    """Where a run's Prometheus metrics go: a textfile, a Pushgateway, both or neither."""

    file: Path | None = None  # the node-exporter textfile; `--metrics-file` wins
    pushgateway_url: str = ""
    # The Pushgateway groups a run's metrics by job `essm-sync`, this name and the command:
    # give each scheduled job of its own operations its own name, or they replace each other.
    instance: str = Field(default="essm-sync", min_length=1, pattern=r"^[^/]+$")
    timeout_s: _Seconds = 10.0

    @field_validator("file", mode="before")
    @classmethod
    def _unset_file(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("pushgateway_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _check_base_url(value) if value else value


class ServeSettings(_Section):
    """`essm-sync serve`: the webhook TermTime calls, debounce, polling and the daily sync."""

    # The URL TermTime calls, without the path: the hook is `<public_url>/hooks/termtime`.
    public_url: str | None = None
    # Where serve listens unless `--port` says otherwise; 0 picks a free port.
    port: Annotated[int, Field(ge=0, le=65535)] = 8080
    # The §38 code, 1 to 60 characters; one webhook per type is `<code>-<type>`.
    webhook_code: str = Field(default="essm-sync", min_length=1, max_length=40)
    # The reference lists no types but `activity.new` (termtime-api.md §14).
    webhook_types: tuple[Annotated[str, Field(min_length=1, max_length=19)], ...] = (
        "activity.new",
        "activity.update",
        "activity.delete",
    )
    webhook_header: str = Field(default="X-Essm-Sync-Token", pattern=r"^[A-Za-z0-9-]{1,60}$")
    webhook_secret: SecretStr | None = None
    debounce_s: Annotated[float, Field(ge=0, le=3600)] = 30.0
    max_delay_s: Annotated[float, Field(ge=0, le=86400)] = 120.0
    poll_booker_s: Annotated[float, Field(ge=0, le=86400)] = 300.0  # 0: never
    full_sync_at: dt.time | None = None  # local time of the daily full sync; unset: none
    # The latest `audit --format json --out FILE`, whose counts the status page shows, and
    # where people can read the whole audit (a link on the page); both optional.
    audit_file: Path | None = None
    audit_url: str | None = None

    @field_validator("public_url", "audit_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return None if value is None else _check_base_url(value)

    @field_validator("webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # The secret travels as `h` (5 to 500 characters, §38.9) after the header name.
        if value is not None and not 16 <= len(value.get_secret_value()) <= 400:
            raise ValueError("must be 16 to 400 characters")
        return value

    def hook_url(self) -> str:
        """Return the URL TermTime calls; a ConfigError when `public_url` is not set."""
        if self.public_url is None:
            raise ConfigError("setting serve.public_url (ESSM_SYNC_SERVE__PUBLIC_URL) is required")
        return self.public_url + "/hooks/termtime"

    def secret(self) -> str:
        """Return the webhook secret; a ConfigError when it is not set."""
        if self.webhook_secret is None:
            raise ConfigError(
                "setting serve.webhook_secret (ESSM_SYNC_SERVE__WEBHOOK_SECRET) is required"
            )
        return self.webhook_secret.get_secret_value()


class Settings(BaseSettings):
    """All settings of essm-sync."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    termtime: TermTimeSettings
    booker: BookerSettings
    retry: RetrySettings = RetrySettings()
    rooms: RoomSettings = RoomSettings()
    bookings: BookingSettings = BookingSettings()
    roombookings: RoomBookingSettings = RoomBookingSettings()
    guard: GuardSettings = GuardSettings()
    run: RunSettings = RunSettings()
    serve: ServeSettings = ServeSettings()
    metrics: MetricsSettings = MetricsSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file's contents arrive as init arguments, so the environment must come first
        # to win over them.
        return env_settings, init_settings

    def lock_file(self) -> Path:
        """Return the lock path: the setting, else one per pair of systems in the cache."""
        if self.run.lock_path is not None:
            return self.run.lock_path
        pair = f"{_same_system(self.termtime.base_url)} {_same_system(self.booker.base_url)}"
        digest = hashlib.sha256(pair.encode()).hexdigest()[:12]
        return _cache_dir() / f"essm-sync-{digest}.lock"


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "ip6-localhost"})


def is_same_system(first: str, second: str) -> bool:
    """Whether two base URLs name one system, however spelt (see `_same_system`)."""
    return _same_system(first) == _same_system(second)


def _same_system(url: str) -> str:
    """Return a URL as the lock sees it: two spellings of one system are one system.

    Case of scheme and host, a default port, a trailing slash and the names of this
    machine (`localhost`, `127.0.0.1`, `::1`) do not make another system.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host in _LOOPBACK or host.startswith("127."):
        host = "loopback"
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme, 0)
    return f"{scheme}://{host}:{port}{parts.path.rstrip('/')}"


def _cache_dir() -> Path:
    """The user's cache folder, else the temporary folder: any unprivileged user can write one."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir())
    return cache


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from `path` (else $ESSM_SYNC_CONFIG, else the environment alone).

    Raises:
        ConfigError: the file is missing or unreadable, or a setting is missing or invalid.
    """
    if path is None and os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"configuration file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"configuration file {path} cannot be read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"configuration file {path} is not valid TOML: {exc}") from None
    _check_sections_in_env()
    try:
        return Settings(**data)
    except ValidationError as exc:
        if path is None and not any(k.startswith(ENV_PREFIX) for k in os.environ):
            raise ConfigError(
                "no configuration: pass --config FILE (or set ESSM_SYNC_CONFIG), or give "
                "every setting as ESSM_SYNC_<SECTION>__<KEY>; settings.example.toml lists them"
            ) from None
        raise ConfigError(describe_validation_error(exc, source=path, data=data)) from None


def _check_sections_in_env() -> None:
    """Refuse an `ESSM_SYNC_<SECTION>__<KEY>` variable whose section does not exist: the
    settings library passes over it in silence, and a mistyped secret would go unused."""
    sections = list(Settings.model_fields)
    for name in sorted(os.environ):
        rest = name.upper().removeprefix(ENV_PREFIX)
        if rest == name.upper() or "__" not in rest:
            continue
        section, key = rest.split("__", 1)
        if section.lower() in sections:
            continue
        close = difflib.get_close_matches(section.lower(), sections, n=1, cutoff=0.6)
        hint = f"; did you mean {ENV_PREFIX}{close[0].upper()}__{key}?" if close else ""
        raise ConfigError(
            f"invalid configuration: environment variable {name} is not a setting{hint}"
        )


def describe_validation_error(
    exc: ValidationError, *, source: Path | None, data: Mapping[str, Any] | None = None
) -> str:
    """Return one line naming each bad key and what is wrong, never the value given.

    A key the file does not hold came from the environment: it is named as the variable
    that was set, so that a mistyped variable is never blamed on the file.
    """
    problems = []
    in_file = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = [str(part) for part in error["loc"]]
        key = ".".join(loc)
        env = "ESSM_SYNC_" + "__".join(part.upper() for part in loc)
        from_file = source is not None and _holds(data or {}, loc)
        in_file.append(from_file)
        if error["type"] == "extra_forbidden" and not from_file:
            variable = next((n for n in os.environ if n.upper() == env), env)
            near = _nearest(loc)
            hint = f"; did you mean {_env_name(near)}?" if near else ""
            problems.append(f"environment variable {variable} is not a setting{hint}")
            continue
        if error["type"] == "extra_forbidden":
            near = _nearest(loc)
            problems.append(
                f"{key} is not a setting" + (f"; did you mean {near}?" if near else "")
            )
            continue
        message = "is required" if error["type"] == "missing" else str(error["msg"]).lower()
        problems.append(f"setting {key} ({env}) {message}")
    where = f" in {source}" if source and any(in_file) else ""
    return f"invalid configuration{where}: " + "; ".join(problems)


def _holds(data: Mapping[str, Any], loc: list[str]) -> bool:
    """Whether the file's table holds the key at `loc`."""
    node: Any = data
    for part in loc:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def _env_name(key: str) -> str:
    return "ESSM_SYNC_" + "__".join(part.upper() for part in key.split("."))


def _nearest(loc: list[str]) -> str:
    """Return the valid key closest to a mistyped one, in its section, or ''."""
    model: type[BaseModel] = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return ""
        model = annotation
    # Variables arrive in lower case whatever case they were set in.
    close = difflib.get_close_matches(loc[-1].lower(), list(model.model_fields), n=1, cutoff=0.6)
    return ".".join([*loc[:-1], close[0]]) if close else ""


def _check_base_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    if "@" in value.split("//", 1)[1].split("/", 1)[0]:
        raise ValueError("must not carry credentials; use the password and key settings")
    return value.rstrip("/")
