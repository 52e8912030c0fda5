"""API versions come from config with their retirement dates; ``accounts check`` warns 60 days
ahead, over real HTTP against the stand-ins."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.platforms.facebook import FacebookAdapter
from socialpub.platforms.linkedin import LinkedInAdapter
from socialpub.settings import get_settings
from tests.integration.platforms.conftest import build
from tests.platform_servers.facebook import FacebookServer
from tests.platform_servers.linkedin import LinkedInServer
from tests.processes import write_config


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_linkedin_versions_retire_a_year_after_release(client: httpx.Client) -> None:
    def adapter(**options: object) -> LinkedInAdapter:
        return build(LinkedInAdapter, client, options={"author": "urn:li:person:1", **options})

    assert adapter(version="202601").api_version_retires() == ("202601", date(2027, 1, 1))
    assert adapter(version="202601").api_version_warning(date(2026, 10, 1)) is None
    soon = adapter(version="202601").api_version_warning(date(2026, 11, 30))
    assert soon == "API version 202601 retires on 2027-01-01 (in 32 days): set a newer one"
    gone = adapter(version="202512").api_version_warning(date(2027, 1, 2))
    assert gone is not None and "was retired on 2026-12-01" in gone
    chosen = adapter(version="202610", version_retires="2027-03-01")
    assert chosen.api_version_retires() == ("202610", date(2027, 3, 1))


def test_graph_versions_warn_from_their_configured_date(client: httpx.Client) -> None:
    fb = build(FacebookAdapter, client, options={"page_id": "1"})
    assert fb.api_version_retires() is None  # no date configured: nothing to warn about
    dated = build(
        FacebookAdapter, client, options={"page_id": "1", "api_version_retires": "2027-01-15"}
    )
    assert dated.api_version_warning(date(2026, 12, 1)) is not None
    assert dated.api_version_warning(date(2026, 11, 1)) is None


def test_accounts_check_shows_the_warning(tmp_path: Path) -> None:
    soon = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    with FacebookServer(page_id="1029384756") as facebook, LinkedInServer() as linkedin:
        member = "urn:li:person:1"
        access, _ = linkedin.grant(member)
        config = write_config(
            tmp_path / "socialpub.toml",
            {
                "database_url": f"sqlite:///{tmp_path / 'db.sqlite'}",
                "accounts": {
                    "page": {
                        "platform": "facebook",
                        "page_id": "1029384756",
                        "graph_url": facebook.base_url,
                        "api_version_retires": soon,
                        "page_token_env": "FB_T",
                    },
                    "li": {
                        "platform": "linkedin",
                        "author": member,
                        "api_base_url": linkedin.base_url,
                        "version": "202610",
                        "access_token_env": "LI_T",
                    },
                },
            },
        )
        env = {"SOCIALPUB_CONFIG": str(config), "FB_T": facebook.issue_token(), "LI_T": access}
        result = CliRunner().invoke(app, ["accounts", "check", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = {r["account"]: r for r in json.loads(result.stdout)}
    assert rows["page"]["ok"] and f"retires on {soon}" in rows["page"]["warning"]
    assert "warning" not in rows["li"]  # 202610 is good for most of a year
