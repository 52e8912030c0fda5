"""Inputs made to be slow: each must be composed (or refused) in under a second.

The cases are those a security review found (issue 12, item 2) and their cousins: Markdown of
brackets that makes a link parser backtrack, one sentence of 200,000 characters rendered for X,
HTML with 100,000 attributes or 50,000 nested elements, a 1 MB line without a stop. Each is
cleaned, summarized and rendered for X and Bluesky in this process, timed on its own.

    .venv/bin/python benchmarks/pathological_inputs.py

Each line: wall time, CPU time of this process, the 1-minute load average, the case, the outcome.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from socialpub.compose import clean_article, draft_post, render  # noqa: E402
from socialpub.compose.reading import MAX_ARTICLE_BYTES, UnreadableInput, read_article  # noqa: E402
from socialpub.platforms.registry import adapter_class  # noqa: E402

CASES: dict[str, Callable[[], tuple[str, str]]] = {
    "Markdown: 60 KB of '['": lambda: ("[" * 60_000, "markdown"),
    "Markdown: 20,000 '[a]('": lambda: ("[a](" * 20_000, "markdown"),
    "Markdown: 10,000 nested '>'": lambda: (">" * 10_000 + " quote.", "markdown"),
    "Markdown: 20,000 '*a '": lambda: ("*a " * 20_000, "markdown"),
    "text: one 200,000-character sentence": lambda: ("word " * 40_000 + ".", "text"),
    "text: a 1 MB line without a stop": lambda: ("abc " * 250_000, "text"),
    "text: 100,000 quotation marks": lambda: ("“a " * 100_000 + ".", "text"),
    "text: 100,000 note marks '(1)'": lambda: ("word (1) " * 100_000 + ".", "text"),
    "text: 30,000 'Name:' turns": lambda: ("Jasper Barenberg: ich sage. " * 30_000, "text"),
    "HTML: 100,000 attributes": lambda: (
        "<html><body><p "
        + " ".join(f'a{i}="x"' for i in range(100_000))
        + ">The ward opened on Monday. Patients moved in.</p></body></html>",
        "html",
    ),
    "HTML: 50,000 nested divs": lambda: (
        "<div>" * 50_000 + "The ward opened on Monday. Patients moved in." + "</div>" * 50_000,
        "html",
    ),
    "HTML: 200,000 empty paragraphs": lambda: ("<p></p>" * 200_000, "html"),
    "HTML: 10,000 footnote marks": lambda: (
        "<p>" + "The ward opened<a href='#n'><sup>1</sup></a> today. " * 10_000 + "</p>",
        "html",
    ),
}


WARM_UP = (
    "Coastal flooding research wins funding\n\n"
    "The University of Leeds has won a grant to study coastal flooding on the Yorkshire coast. "
    "Researchers will map flood risk for 40 towns and share the maps with councils. "
    "The work starts in March and runs for three years."
)


def run(raw: str, fmt: str) -> str:
    try:
        read_article(raw.encode(), fmt=fmt)  # type: ignore[arg-type]
        article = clean_article(raw, fmt)  # type: ignore[arg-type]
    except UnreadableInput as exc:
        return f"refused: {exc}"
    except ValueError as exc:
        return f"refused: {exc}"
    draft = draft_post(article)
    for name in ("x", "bluesky"):
        render(draft, adapter_class(name).default_limits)
    return "composed"


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f}; input limit {MAX_ARTICLE_BYTES:,} bytes")
    # Warm up with an ordinary article, so the imports and the topic model's one-time loading
    # (numpy, the embedding table) are not counted in the first case that reaches them.
    run(WARM_UP, "text")
    worst = 0.0
    for name, make in CASES.items():
        raw, fmt = make()
        start, cpu_start = time.perf_counter(), time.process_time()
        outcome = run(raw, fmt)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        worst = max(worst, seconds)
        # The machine's 1-minute load and this process's CPU time with each case: on a shared
        # machine the wall time grows with the load, the CPU time says what the case costs.
        load = os.getloadavg()[0]
        print(f"{seconds:7.3f} s  cpu {cpu:6.3f} s  load {load:5.2f}  {name:38s} {outcome[:50]}")
    print(f"worst {worst:.3f} s wall (goal: each under 1 s or refused)")


if __name__ == "__main__":
    main()
