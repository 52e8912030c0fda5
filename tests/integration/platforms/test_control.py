"""The fault-injection surface over HTTP, as a test driving a separate worker process uses it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.platform_servers.mastodon import MastodonServer


@pytest.fixture
def server() -> Iterator[MastodonServer]:
    with MastodonServer() as s:
        yield s


def test_fail_stall_drop_and_requests_over_http(server: MastodonServer) -> None:
    token = server.issue_token()
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.base_url, timeout=0.5) as http:
        assert (
            http.post(
                "/__control/fail",
                json={
                    "status": 503,
                    "json": {"error": "down"},
                    "headers": {"Retry-After": "7"},
                    "path": "/api/v1/statuses",
                    "method": "POST",
                    "times": 2,
                },
            ).status_code
            == 204
        )
        http.get("/api/v1/accounts/verify_credentials", headers=auth).raise_for_status()
        for _ in range(2):
            failed = http.post("/api/v1/statuses", json={"status": "x"}, headers=auth)
            assert failed.status_code == 503 and failed.headers["retry-after"] == "7"
        assert http.post("/api/v1/statuses", json={"status": "x"}, headers=auth).is_success
        assert len(server.statuses) == 1

        http.post("/__control/stall", json={"seconds": 1.5, "apply": False})
        with pytest.raises(httpx.ReadTimeout):
            http.post("/api/v1/statuses", json={"status": "y"}, headers=auth)
        http.post("/__control/drop", json={"apply": True})
        with pytest.raises(httpx.RemoteProtocolError):
            http.post("/api/v1/statuses", json={"status": "z"}, headers=auth)
        assert sorted(s.text for s in server.statuses.values()) == ["x", "z"]

        seen = http.get("/__control/requests").json()
        assert [r["method"] for r in seen][-2:] == ["POST", "POST"]
        assert seen[-1]["path"] == "/api/v1/statuses" and '"z"' in seen[-1]["body"]
        assert http.post("/__control/reset").status_code == 204
        assert http.get("/__control/requests").json() == []
        assert http.post("/__control/nonsense").status_code == 404
