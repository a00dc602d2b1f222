"""Shared fixtures. Each area keeps its fixtures in its own module, listed here."""

pytest_plugins: list[str] = ["tests.fixtures_simulator"]
