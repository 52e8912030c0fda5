"""Live preview latency: what a person waits for while typing on the compose page.

Serves the web app on loopback (SQLite in a temporary folder, four outbox-style accounts on
different platforms' limits), signs a person in, and times ``POST /compose/preview`` for a
1,000-word article with four accounts, as the page's script sends it: while the article is
typed (each request a new article) and while one account's text is edited (the article's draft
is reused). Prints p50/p95/max of each, and the CPU time per request (this process serves and
asks, so that figure is the work a preview costs, whatever else the machine is doing).

    .venv/bin/python benchmarks/preview_latency.py [--requests 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from socialpub.api.app import create_app
from socialpub.runtime import Runtime
from socialpub.settings import Settings
from socialpub.store.migrate import upgrade
from socialpub.store.tokens import Role
from tests.platform_servers.runner import run_server
from tests.web import add_person, csrf_in, sign_in

SENTENCES = [
    "The city council approved a new plan for the riverside park on Tuesday evening.",
    "Residents had asked for more shade, benches and a safer crossing near the school.",
    "Work starts in spring and the first section should open before the summer holidays.",
    "The mayor said the park would be built with local firms and recycled materials.",
    "Critics say the budget is too small for the trees the plan promises to plant.",
]


def article(words: int = 1000) -> str:
    body: list[str] = []
    while sum(len(s.split()) for s in body) < words:
        body.append(SENTENCES[len(body) % len(SENTENCES)])
    return "Riverside park plan approved\n\n" + "\n".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="socialpub-bench-"))
    accounts = {
        name: {"platform": "outbox", "path": str(folder / f"{name}.jsonl")}
        for name in ("one", "two", "three", "four")
    }
    runtime = Runtime(Settings(database_url=f"sqlite:///{folder / 'bench.db'}", accounts=accounts))
    upgrade(runtime.engine)
    add_person(runtime, "bench@example.org", Role.STAFF, "Bench")
    text = article()
    typing: list[float] = []
    editing: list[float] = []
    with run_server(create_app(runtime)) as base, httpx.Client(base_url=base, timeout=30) as c:
        sign_in(c, "bench@example.org")
        form = {
            "csrf_token": csrf_in(c.get("/compose").text),
            "text": text,
            "accounts": list(accounts),
            "when_mode": "now",
        }
        cpu_typing = 0.0
        for i in range(args.requests + 10):
            form["text"] = text + (" More" * i)  # as if someone were typing the article
            cpu = time.process_time()
            elapsed = _time(c, form)
            if i >= 10:  # the first requests warm the engine up
                typing.append(elapsed)
                cpu_typing += time.process_time() - cpu
        form.update({"dirty_one": "1"})
        cpu = time.process_time()
        for i in range(args.requests):
            form["text_one"] = "Our own words for account one" + "!" * i
            editing.append(_time(c, form))
        cpu_editing = time.process_time() - cpu
    runtime.close()
    figures = {
        "words": len(text.split()),
        "accounts": len(accounts),
        "typing_article": {**_summary(typing), "cpu_ms": round(cpu_typing * 1000 / len(typing), 1)},
        "editing_one_account": {
            **_summary(editing),
            "cpu_ms": round(cpu_editing * 1000 / len(editing), 1),
        },
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"preview of a {figures['words']}-word article for {figures['accounts']} accounts")
    for name in ("typing_article", "editing_one_account"):
        f = figures[name]
        assert isinstance(f, dict)
        print(
            f"  {name.replace('_', ' ')}: {f['requests']} requests, p50 {f['p50_ms']} ms, "
            f"p95 {f['p95_ms']} ms, max {f['max_ms']} ms; CPU {f['cpu_ms']} ms a request"
        )


def _time(client: httpx.Client, form: dict[str, object]) -> float:
    started = time.perf_counter()
    answer = client.post("/compose/preview", data=form)
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code == 200 and answer.text.count("data-account=") == 4
    return elapsed


def _summary(timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
        "max_ms": round(timings[-1], 1),
    }


if __name__ == "__main__":
    main()
