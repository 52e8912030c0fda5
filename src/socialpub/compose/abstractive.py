"""Optional abstractive summary from an OpenAI-compatible chat endpoint (Ollama, vLLM, ...).

The extractive summary is always computed first and is the answer whenever the endpoint is not
configured, unreachable, slow, malformed, or writes something that does not fit: a post never
waits on, or fails because of, a language model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from socialpub.compose.sentences import split_sentences

_SYSTEM = (
    "You write the text of a social-media post announcing a news article. Answer with the post "
    "text only: one or two plain sentences, at most {max_chars} characters, factual, in the "
    "article's language, with no hashtags, no links, no emoji and no quotation marks around it."
)


@dataclass(frozen=True)
class Endpoint:
    base_url: str  # e.g. http://localhost:11434/v1
    model: str
    api_key: str | None = None
    timeout: float = 30.0


def request_body(title: str, text: str, max_chars: int, model: str) -> dict[str, Any]:
    article = "\n".join(split_sentences(text)[:40])  # the lead is enough, and bounds the prompt
    return {
        "model": model,
        "temperature": 0.2,
        "max_tokens": max(32, max_chars // 2),
        "stream": False,
        "messages": [
            {"role": "system", "content": _SYSTEM.format(max_chars=max_chars)},
            {"role": "user", "content": f"Title: {title}\n\n{article}"},
        ],
    }


def accept_answer(payload: Any, max_chars: int) -> str | None:
    """The usable summary in a chat-completions response, or None."""
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(content, str):
        return None
    text = " ".join(content.split()).strip("\"'“”‘’ ")
    if not text or len(text) > max_chars or "http://" in text or "https://" in text:
        return None
    return text


def summarize_abstractive(
    title: str, text: str, max_chars: int, endpoint: Endpoint, client: httpx.Client
) -> str | None:
    """Ask the endpoint; None on any failure (the caller falls back to the extractive summary)."""
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    url = endpoint.base_url.rstrip("/") + "/chat/completions"
    try:
        response = client.post(
            url,
            json=request_body(title, text, max_chars, endpoint.model),
            headers=headers,
            timeout=endpoint.timeout,
        )
        if response.status_code != 200:
            return None
        return accept_answer(response.json(), max_chars)
    except (httpx.HTTPError, ValueError):
        return None


def with_fallback(
    abstractive: Callable[[], str | None], extractive: Callable[[], str]
) -> tuple[str, str]:
    """(summary, which backend wrote it)."""
    answer = abstractive()
    if answer:
        return answer, "abstractive"
    return extractive(), "extractive"
