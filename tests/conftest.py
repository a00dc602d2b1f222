"""Shared fixtures. Each area keeps its fixtures in its own module, listed here."""

pytest_plugins: list[str] = [
    "tests.fixtures_storage",
    "tests.fixtures_simulator",
    "tests.fixtures_telegram",
    "tests.fixtures_gateway",
    "tests.fixtures_bot",
    "tests.fixtures_team",
]
