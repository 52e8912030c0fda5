"""The postability benchmark applies the rules as it says, on a tiny page written here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "postability.py"

LEAD = (
    "The city council of Bergen voted on Monday to close the old harbour to cruise ships from "
    "2027, ending a decade of debate over pollution in the historic port."
)
SECOND = (
    "Ships will instead dock at a new terminal at Dokken, 2.5 km from the centre, which the "
    "council says can supply shore power to every berth."
)
THIRD = "Mayor Ingrid Vik said the council would fund shuttle buses for the first three years."
PAGE_HTML = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Bergen closes old harbour to cruise ships | Coast News</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bergen closes old harbour to cruise ships</h1>
<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article>
<footer>© 2024 Coast News. All rights reserved.</footer></body></html>"""


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("postability_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def page(bench: ModuleType, tmp_path: Path) -> object:
    path = tmp_path / "bergen.html"
    path.write_text(PAGE_HTML, "utf-8")
    reference = "\n".join([LEAD, SECOND, THIRD])
    return bench.Page(
        "made-up/bergen", "test", str(path), "https://coast.example/bergen", "en", reference
    )


def test_marks_are_read_from_a_realworld_test_module(bench: ModuleType) -> None:
    source = """
def test_extract(xmloutput):
    result = load_mock_page('https://a.example/1', xmloutput)
    assert 'Impressum' not in result and 'Die GEMA dreht' in result
    if xmloutput is False:
        assert 'Zweiter Absatz' in result
    result = load_mock_page('https://a.example/2', xmloutput, include_comments=True)
    assert 'Kommentar' in result
    result = load_mock_page('https://a.example/3')
    assert 'nur nicht' not in result
    result = load_mock_page('https://a.example/4')
    assert 'Text' in result  # and 'Werbung' not in result
"""
    assert bench.marked_snippets(source) == {
        "https://a.example/1": (["Die GEMA dreht", "Zweiter Absatz"], ["Impressum"]),
        "https://a.example/4": (["Text"], ["Werbung"]),
    }


def test_the_tracking_link_is_150_characters(bench: ModuleType) -> None:
    link = bench.tracking_link("http://coast.example/news/bergen")
    assert len(link) == 150
    assert link.startswith("https://coast.example/news/bergen?utm_source=")


def test_posts_are_judged_against_the_reference_text(bench: ModuleType, page: object) -> None:
    good = bench.Post("mastodon", (f"{LEAD} {SECOND}\n\n#Bergen",), ("Bergen",))
    glued = bench.Post("x", (f"Bergen closes old harbour to cruise ships {LEAD}",))
    invented = bench.Post("bluesky", ("Bergen bans cruise ships for good.",))
    title = "Bergen closes old harbour to cruise ships"
    warnings = bench.judge(page, title, [good, glued, invented], None)
    assert warnings["mastodon"] == []
    assert "glued-heading" in [w.code for w in warnings["x"]]
    assert {w.code for w in warnings["bluesky"]} >= {"not-in-article", "lead-missing"}


def test_a_page_is_postable_only_when_all_its_posts_are(bench: ModuleType, page: object) -> None:
    def compose(path: str, link: str | None) -> tuple[str, list[object]]:
        body = LEAD if link is None else "It will cost 40 million kroner."
        return "Bergen", [bench.Post(p, (body,)) for p in bench.PLATFORMS]

    verdicts = bench.judge_page(page, compose)
    assert [v.variant for v in verdicts] == ["no link", "tracking link"]
    assert verdicts[0].postable and not verdicts[1].postable
    summary = bench.summarise(verdicts, 1.0)
    assert summary["pages"] == 1 and summary["postable_pages"] == 0
    assert summary["postable_share_by_variant"] == {"no link": 1.0, "tracking link": 0.0}
    assert summary["pages_breaking_code"]["not-in-article"] == 1
    shown = bench.examples(verdicts, 2)
    assert {item["code"] for item in shown} <= {"not-in-article", "dangling-opener"}


def test_a_refusal_is_a_page_without_a_post(bench: ModuleType, page: object) -> None:
    def refuse(path: str, link: str | None) -> tuple[str, list[object]]:
        raise RuntimeError("this is a PDF, not a text article")

    verdicts = bench.judge_page(page, refuse)
    assert all(v.error and not v.postable for v in verdicts)
    assert bench.summarise(verdicts, 1.0)["pages_breaking_rule"] == {"no post": 1}


def test_the_engine_composes_the_tiny_page_in_process(bench: ModuleType, page: object) -> None:
    verdicts = bench.judge_page(page, bench.compose_in_process)
    for verdict in verdicts:
        assert verdict.error is None
        assert [p.platform for p in verdict.posts] == list(bench.PLATFORMS)
        assert set(verdict.warnings) == set(bench.PLATFORMS)
        assert all(p.parts and p.parts[0].strip() for p in verdict.posts)
