"""The environment variables essm-sync reads, named once (light: the CLI needs them before
the settings stack loads)."""

ENV_PREFIX = "ESSM_SYNC_"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"
