"""Optional abstractive summary from an OpenAI-compatible chat endpoint (Ollama, vLLM, ...).

The extractive summary is always computed first and is the answer whenever the endpoint is not
configured, unreachable, slow, malformed, or writes something that does not fit: a post never
waits on, or fails because of, a language model. What it writes is held to the article: every
number and every name in the answer must appear in the article, the answer must be in the
article's language, and it must pass the same rules as an extractive summary (it opens with a
sentence that stands alone, quotes pair, nothing is said twice). Otherwise it is discarded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import regex

from socialpub.compose.language import detect_language
from socialpub.compose.sentences import split_sentences, tokens
from socialpub.compose.standalone import quotes_balanced, standalone_problem

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


_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def _names(summary: str) -> set[str]:
    """Capitalised words that do not open a sentence: the names a summary mentions."""
    names = set()
    for sentence in split_sentences(summary):
        for token in tokens(sentence)[1:]:
            if token.text[:1].isupper():
                names.add(token.text)
    return names


def ungrounded(summary: str, article_text: str, language: str | None = None) -> str | None:
    """Why ``summary`` cannot stand for the article (one short reason), or ``None`` when it can."""
    said = detect_language(summary)
    if language and said and said != language:
        return f"it is written in {said}, the article in {language}"
    missing_numbers = _numbers(summary) - _numbers(article_text)
    if missing_numbers:
        return f"the number {sorted(missing_numbers)[0]} is not in the article"
    present = {t.text for t in tokens(article_text)}
    missing_names = sorted(name for name in _names(summary) if name not in present)
    if missing_names:
        return f"the name {missing_names[0]!r} is not in the article"
    sentences = split_sentences(summary, language)
    if not sentences:
        return "it is empty"
    problem = standalone_problem(sentences[0], language)
    if problem:
        return f"its first sentence cannot stand alone ({problem})"
    if not quotes_balanced(summary):
        return "its quotation marks do not pair"
    keys = [" ".join(s.casefold().split()) for s in sentences]
    if len(set(keys)) != len(keys):
        return "it says the same sentence twice"
    return None


def summarize_abstractive(
    title: str,
    text: str,
    max_chars: int,
    endpoint: Endpoint,
    client: httpx.Client,
    language: str | None = None,
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
        answer = accept_answer(response.json(), max_chars)
    except (httpx.HTTPError, ValueError):
        return None
    if answer is None or ungrounded(answer, f"{title}\n{text}", language) is not None:
        return None
    return answer


def with_fallback(
    abstractive: Callable[[], str | None], extractive: Callable[[], str]
) -> tuple[str, str]:
    """(summary, which backend wrote it)."""
    answer = abstractive()
    if answer:
        return answer, "abstractive"
    return extractive(), "extractive"
