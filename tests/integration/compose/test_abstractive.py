"""The abstractive backend against a local stand-in for an OpenAI-compatible server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.compose.abstractive import Endpoint, summarize_abstractive, with_fallback
from socialpub.settings import get_settings

from .servers import chat, serve

TITLE = "Bergen closes old harbour to cruise ships"
TEXT = (
    "The city council of Bergen voted on Monday to close the old harbour to cruise ships from "
    "2027.\nShips will dock at a new terminal at Dokken instead."
)
GOOD = "Bergen will close its old harbour to cruise ships from 2027."


def _endpoint(base: str, timeout: float = 5.0) -> Endpoint:
    return Endpoint(base + "/v1", "llama3.1", api_key="k", timeout=timeout)


def test_answer_used_when_it_fits() -> None:
    with serve({"/v1/chat/completions": chat(f'"{GOOD}"')}) as (base, log), httpx.Client() as c:
        assert summarize_abstractive(TITLE, TEXT, 280, _endpoint(base), c) == GOOD
    request = json.loads(log[0]["body"])
    assert request["model"] == "llama3.1"
    assert request["messages"][0]["role"] == "system" and "280" in request["messages"][0]["content"]
    assert TITLE in request["messages"][1]["content"]
    assert log[0]["headers"]["Authorization"] == "Bearer k"


@pytest.mark.parametrize(
    ("answer", "status"),
    [("x" * 300, 200), ("", 200), (None, 200), (GOOD, 500), ("See https://e.org now", 200)],
)
def test_unusable_answers_fall_back(answer: str | None, status: int) -> None:
    with serve({"/v1/chat/completions": chat(answer, status)}) as (base, _), httpx.Client() as c:
        summary, backend = with_fallback(
            lambda: summarize_abstractive(TITLE, TEXT, 280, _endpoint(base), c),
            lambda: "extractive text",
        )
    assert (summary, backend) == ("extractive text", "extractive")


def test_unreachable_endpoint_falls_back() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    with httpx.Client() as c:
        assert (
            summarize_abstractive(TITLE, TEXT, 280, _endpoint(f"http://127.0.0.1:{port}"), c)
            is None
        )


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serve({"/v1/chat/completions": chat(GOOD)}) as (base, _):
        monkeypatch.setenv("SOCIALPUB_ABSTRACTIVE_URL", base + "/v1")
        get_settings.cache_clear()
        yield base
        get_settings.cache_clear()


def test_preview_uses_the_configured_endpoint(configured: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(f"{TITLE}\n{TEXT}", "utf-8")
    result = CliRunner().invoke(app, ["preview", str(article), "-p", "mastodon", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary_backend"] == "abstractive"
    assert data["posts"][0]["text"].startswith(GOOD)


def test_summarize_batch_can_ask_the_endpoint(configured: str) -> None:
    lines = json.dumps({"id": 1, "text": f"{TITLE}\n{TEXT}"}) + "\n"
    result = CliRunner().invoke(app, ["summarize", "--abstractive"], input=lines)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"id": 1, "summary": GOOD}
