"""The link card ``preview`` shows for each platform: what the platform will show under the
post's link (title, description, whether there is a thumbnail, the domain), read with the same
safe fetcher the worker uses, or ``no card: <reason>`` when the page cannot be read.

A preview never fails for want of a card. Cards are kept for a few minutes per link, so a person
editing the text in the compose page does not fetch the page again on every keystroke.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from socialpub.compose.sources import FetchPolicy
from socialpub.platforms.linkcard import read_card

KEEP_SECONDS = 300.0
KEEP_FAILED_SECONDS = 30.0  # a page that was down may be up again soon
KEEP_LINKS = 64


@dataclass(frozen=True)
class CardPreview:
    link: str
    domain: str
    title: str | None = None
    description: str = ""
    thumbnail: bool = False
    reason: str | None = None  # why there is no card; None when there is one

    @property
    def found(self) -> bool:
        return self.reason is None

    def as_dict(self) -> dict[str, Any]:
        if not self.found:
            return {"link": self.link, "domain": self.domain, "card": None, "reason": self.reason}
        return {
            "link": self.link,
            "domain": self.domain,
            "card": {
                "title": self.title,
                "description": self.description,
                "thumbnail": self.thumbnail,
                "domain": self.domain,
            },
            "reason": None,
        }

    def lines(self) -> list[str]:
        """The card in a few plain lines, as the CLI prints it."""
        if not self.found:
            return [f"no card: {self.reason}"]
        out = [f"┌ {self.title}"]
        if self.description:
            out.append(f"│ {self.description[:200]}")
        out.append(f"│ thumbnail: {'yes' if self.thumbnail else 'none'}")
        out.append(f"└ {self.domain}")
        return out


_kept: dict[tuple[str, FetchPolicy], tuple[float, CardPreview]] = {}
_lock = threading.Lock()


def card_preview(link: str, policy: FetchPolicy) -> CardPreview:
    """The card for ``link``, fetched (or kept from a fetch a few minutes ago)."""
    key = (link, policy)
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
        if kept and now < kept[0]:
            return kept[1]
    domain = (urlsplit(link).hostname or "").removeprefix("www.")
    result = read_card(link, policy)
    if result.card is None:
        shown = CardPreview(link, domain, reason=result.reason or "the page could not be read")
    else:
        shown = CardPreview(
            link,
            domain,
            title=result.card.title,
            description=result.card.description,
            thumbnail=result.card.thumbnail is not None,
        )
    with _lock:
        if len(_kept) >= KEEP_LINKS:
            _kept.pop(next(iter(_kept)))
        _kept[key] = (now + (KEEP_SECONDS if shown.found else KEEP_FAILED_SECONDS), shown)
    return shown
