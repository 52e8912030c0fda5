"""Hashtags suggested by the optional OpenAI-compatible endpoint (the abstractive backend's).

The endpoint is asked for a few hashtags; its answer is only a proposal. ``suggest_hashtags``
keeps a proposed tag when it is well-formed, not too long, not blocked, passes the rules of
``tagrules`` in the article's language, and is either a tag of the curated topic vocabulary or
made of words the article uses. Any failure (no endpoint, timeout, non-JSON, an error status)
gives no suggestions: tags never wait on a language model.
"""

from __future__ import annotations

from typing import Any

import httpx
import regex

from socialpub.compose.abstractive import Endpoint
from socialpub.compose.sentences import split_sentences

MAX_SUGGESTIONS = 8
_SYSTEM = (
    "You suggest hashtags for a social-media post about a news article. Answer with at most "
    "five hashtags separated by spaces and nothing else: the organisations, places, products "
    "and topics the article is about, in CamelCase, in the article's language, no personal names."
)
_HASHTAG = regex.compile(r"#?([^\W_][\w]{1,40})")  # \w with combining marks


def request_body(title: str, text: str, model: str) -> dict[str, Any]:
    lead = "\n".join(split_sentences(text)[:15])
    return {
        "model": model,
        "temperature": 0.0,
        "max_tokens": 60,
        "stream": False,
        "messages": [
            {"role": "system", "content": _SYSTEM},
            {"role": "user", "content": f"Title: {title}\n\n{lead}"},
        ],
    }


def parse_answer(payload: Any) -> list[str]:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return []
    if not isinstance(content, str):
        return []
    tags = [m.group(1) for m in _HASHTAG.finditer(content.replace(",", " "))]
    return list(dict.fromkeys(tags))[:MAX_SUGGESTIONS]


def suggested_tags(title: str, text: str, endpoint: Endpoint, client: httpx.Client) -> list[str]:
    """The endpoint's proposed tags, unvalidated; [] on any failure."""
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    url = endpoint.base_url.rstrip("/") + "/chat/completions"
    try:
        response = client.post(
            url,
            json=request_body(title, text, endpoint.model),
            headers=headers,
            timeout=endpoint.timeout,
        )
        if response.status_code != 200:
            return []
        return parse_answer(response.json())
    except (httpx.HTTPError, ValueError):
        return []
