"""The web suite's app, client and personas, reused for the case pages and API."""

from tests.web.conftest import app, client, team  # noqa: F401
