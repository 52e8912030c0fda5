"""When to retry: capped exponential backoff with jitter, never sooner than the platform asks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 5.0
    cap_seconds: float = 3600.0
    max_attempts: int = 8
    max_age: timedelta = timedelta(hours=24)

    def delay(
        self, attempt: int, *, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based).

        "Full jitter" in the upper half: between half and all of the capped exponential step, so
        workers that failed together do not come back together.
        """
        step = min(self.cap_seconds, self.base_seconds * 2 ** max(attempt - 1, 0))
        jittered = step * (0.5 + 0.5 * (rng or random).random())
        return float(max(jittered, retry_after or 0.0))

    def give_up_reason(
        self, attempt: int, *, first_due: datetime, next_try: datetime
    ) -> str | None:
        """Why no further attempt should be made, or None when one may be."""
        if attempt >= self.max_attempts:
            return f"gave up after {attempt} attempts"
        if next_try - first_due > self.max_age:
            hours = self.max_age.total_seconds() / 3600
            return f"gave up: the next attempt would be more than {hours:g} h after its time"
        return None
