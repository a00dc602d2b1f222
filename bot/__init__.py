"""smsbridge: run a 0098SMS account from Telegram."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("smsbridge")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
