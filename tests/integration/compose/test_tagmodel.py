"""Tags proposed by an OpenAI-compatible endpoint: asked, parsed, validated, merged."""

from __future__ import annotations

import httpx
import pytest

from socialpub.compose.abstractive import Endpoint
from socialpub.compose.hashtags import TagPolicy, suggest_hashtags
from socialpub.compose.tagmodel import suggested_tags

from .servers import chat, serve

TITLE = "Bergen closes old harbour to cruise ships"
TEXT = (
    "The city council of Bergen voted on Monday to close the old harbour to cruise ships from "
    "2027.\nCruise ships will dock at a new terminal at Dokken instead, the council said.\n"
    "Bergen has argued for years that cruise ships pollute the air in the old harbour."
)


def _endpoint(base: str) -> Endpoint:
    return Endpoint(base + "/v1", "llama3.1", api_key="k", timeout=5.0)


def test_proposals_are_parsed_then_validated_against_text_vocabulary_and_rules() -> None:
    answer = "#Bergen #CruiseShips #AirQuality #TheHarbour #Monday #JohnSmith #Overtourism"
    with serve({"/v1/chat/completions": chat(answer)}) as (base, log), httpx.Client() as c:
        proposed = suggested_tags(TITLE, TEXT, _endpoint(base), c)
    assert proposed[:3] == ["Bergen", "CruiseShips", "AirQuality"]
    assert ("Title: " + TITLE).encode() in log[0]["body"]
    tags = suggest_hashtags(
        TEXT, TITLE, language="en", suggested=proposed, policy=TagPolicy(topics=False)
    )
    kept = [h.tag for h in tags]
    assert "CruiseShips" in kept  # its words are in the text
    assert "AirQuality" in kept  # a vocabulary topic
    assert "TheHarbour" not in kept  # a function word at an end
    assert "Monday" not in kept  # a date
    assert "JohnSmith" not in kept and "Overtourism" not in kept  # neither in text nor vocabulary


@pytest.mark.parametrize(("answer", "status"), [(None, 200), ("#Bergen", 500), ("", 200)])
def test_a_failing_endpoint_suggests_nothing(answer: str | None, status: int) -> None:
    with serve({"/v1/chat/completions": chat(answer, status)}) as (base, _), httpx.Client() as c:
        assert suggested_tags(TITLE, TEXT, _endpoint(base), c) == []
