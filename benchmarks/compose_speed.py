"""How fast a post is composed: in process, and as a person meets it through ``socialpub preview``.

Two figures, each against its goal (issue 8):
- in-process compose of a 1,000-word article for X, Bluesky, Mastodon and LinkedIn (cleaning,
  language, summary plan, hashtags, fitting, postability checks): median and p95 over runs,
  goal under 50 ms;
- ``socialpub preview PAGE --json`` for the same four platforms, wall time from process start to
  exit (start-up imports included): median over runs, goal under 1 s.
The article is generated here from a fixed template (no data set needed); ``--page FILE`` times a
page of your own instead. Figures depend on the machine's load: the script prints the load
average beside them.

    .venv/bin/python benchmarks/compose_speed.py [--runs 20] [--page FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from socialpub.compose import clean_article, draft_post, render  # noqa: E402
from socialpub.compose.checks import ArticleFacts, check, first_real_sentence, post_facts  # noqa: E402
from socialpub.compose.hashtags import TagPolicy  # noqa: E402
from socialpub.compose.topics import available as topic_model_available  # noqa: E402
from socialpub.platforms.registry import adapter_class  # noqa: E402

PLATFORMS = ("x", "bluesky", "mastodon", "linkedin")
LINK = "https://news.example.org/2026/11/30/story?utm_source=newsletter&utm_medium=email"
_PARAGRAPHS = (
    "Northmoor General Hospital has opened a new emergency department for children, the "
    "first in the region, after three years of building work funded by the trust and the city.",
    "The department will treat up to 60,000 children a year and has its own waiting area, "
    "twelve treatment rooms and a resuscitation bay designed for infants, the trust said.",
    "“Families told us that a busy adult emergency department is a frightening place for a "
    "child,” said Dr Priya Shah, the department's clinical lead. “Now they have their own.”",
    "Building the department cost £25 million, of which the city council paid £8 million and "
    "a charity appeal raised £2.5 million from local people and businesses over two years.",
    "Staff were recruited from across the country, and 40 new nurses trained in children's "
    "emergency care will start work in December, the hospital's chief nurse said on Monday.",
)


def _article_html(words: int = 1000) -> str:
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs.append(_PARAGRAPHS[len(paragraphs) % len(_PARAGRAPHS)])
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="en"><head><title>New children’s emergency department | '
        f"Northmoor NHS Trust</title></head><body><article><h1>New children’s emergency "
        f"department opens</h1>{body}</article></body></html>"
    )


def _compose_once(raw: str, topics: bool = True) -> None:
    article = clean_article(raw, "html")
    draft = draft_post(article, link=LINK, tag_policy=TagPolicy(topics=topics))
    facts = ArticleFacts(
        article.text, article.title, article.language, first_real_sentence(article.text)
    )
    for name in PLATFORMS:
        limits = adapter_class(name).default_limits
        rendered = render(draft, limits)
        check(facts, post_facts(rendered.parts, limits, link=LINK, hashtags=rendered.hashtags))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--page", type=Path, help="time this page instead of the generated one")
    parser.add_argument(
        "--no-topics", action="store_true", help="without topic tags (hashtag_topics = false)"
    )
    args = parser.parse_args()
    raw = args.page.read_text("utf-8", "replace") if args.page else _article_html()
    topics = not args.no_topics
    _compose_once(raw, topics)  # imports and first-use compilation are start-up, not compose time
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        _compose_once(raw, topics)
        times.append((time.perf_counter() - start) * 1000)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    label = "topic tags " + ("on" if topics and topic_model_available() else "off")
    print(
        f"in-process compose, 4 platforms, {label}: median {statistics.median(times):.1f} ms, "
        f"p95 {_percentile(times, 0.95):.1f} ms over {args.runs} runs (goal < 50 ms)"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as handle:
        handle.write(raw)
        page = handle.name
    command = [str(REPO / ".venv/bin/socialpub"), "preview", page, "--json"]
    for name in PLATFORMS:
        command += ["-p", name]
    walls = []
    for _ in range(max(3, args.runs // 4)):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    os.unlink(page)
    print(
        f"socialpub preview, 4 platforms: median {statistics.median(walls):.2f} s wall, "
        f"best {min(walls):.2f} s over {len(walls)} runs (goal < 1 s)"
    )


if __name__ == "__main__":
    main()
