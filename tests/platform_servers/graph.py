"""What the Facebook and Threads stand-ins share: Graph-style errors, tokens and throttling."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.platform_servers.base import bearer, form_or_json
from tests.platform_servers.control import Control


def graph_error(
    code: int,
    message: str,
    *,
    status: int = 400,
    subcode: int | None = None,
    kind: str = "OAuthException",
) -> Response:
    error: dict[str, Any] = {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": "AbCdEf123",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return JSONResponse({"error": error}, status_code=status)


async def params_and_token(request: Request) -> tuple[dict[str, Any], str | None]:
    """Parameters from query and body, and the token from ``access_token`` or a bearer header."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method in ("POST", "PUT"):
        params.update(await form_or_json(request))
    return params, bearer(request) or params.pop("access_token", None)


def throttle(control: Control, code: int, minutes: int, *, times: int = 1) -> None:
    """The Graph API's rate-limit answer: an error code plus a Business Use Case usage header."""
    usage = {
        "1234567890": [
            {
                "type": "pages",
                "call_count": 100,
                "total_cputime": 25,
                "total_time": 25,
                "estimated_time_to_regain_access": minutes,
            }
        ]
    }
    control.fail(
        400,
        times=times,
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
        json_body={
            "error": {
                "message": f"(#{code}) Application request limit reached",
                "type": "OAuthException",
                "code": code,
                "is_transient": True,
                "fbtrace_id": "AbCdEf123",
            }
        },
    )


def insights_answer(node: str, wanted: list[str], counts: dict[str, int]) -> Response:
    """``GET /{id}/insights?metric=...``: one lifetime entry per metric asked for, in order."""
    data = [
        {
            "name": name,
            "period": "lifetime",
            "values": [{"value": counts.get(name, 0)}],
            "title": name.capitalize(),
            "id": f"{node}/insights/{name}/lifetime",
        }
        for name in wanted
    ]
    return JSONResponse({"data": data})
