"""smsbridge: run a 0098SMS account from Telegram."""

# The single source of the version (pyproject reads it); a constant, not a metadata lookup at start-up.
__version__ = "0.1.0"
