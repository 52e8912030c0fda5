"""Quality and speed of the compose engine, measured beside a baseline in one run.

Keyphrases: our ranking and our hashtags against YAKE (single-word mode, its strongest setting on
this data), scored by the dataset's own ``keyphrase_eval.py`` (F1@10, stemmed exact match,
hashtags split at CamelCase).

Hashtags on real pages (``tagpages``: saved news and institution pages in German, English,
French, Spanish, Chinese, Japanese and four unsupported languages, fetched into a cache outside
the repository): the share of bad tags among the top five of each page, judged mechanically by
``tagcheck``, beside YAKE's top five phrases (n=3, the page's language) made into tags; and
hit@5 against the tags the sites gave their pages (``article:tag``/``keywords`` meta), with
extracted tags only and with topic tags added, for all tagged pages and for each half of them
by page name (the first studied, the second held out), and on a second held-out set: the
tagged evaluation pages past the per-language cap, mostly German, which no vocabulary work has
looked at (``tagpages.load_fresh_pages``). English topic tags need numpy (the
static table distilled from MiniLM ships with socialpub).

Summaries: ours within 280 characters against the lead sentence,
scored like ``summary_eval.py`` (ROUGE-1/2/L F1, Porter stemming). Documents per second count
only the extraction calls, in this process, for each system alike.

The data are research-only development sets that live outside the repository; they are read
from ``--data`` (default ``../shared/data`` beside the repository) and never copied.

    .venv/bin/python benchmarks/compose_quality.py [--data DIR] [--limit N] [--pages DIR] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from socialpub.compose.hashtags import (  # noqa: E402
    Hashtag,
    TagPolicy,
    suggest_hashtags,
)
from socialpub.compose.keyphrases import rank  # noqa: E402
from socialpub.compose.post import Article, clean_article  # noqa: E402
from socialpub.compose.summarize import summarize  # noqa: E402
from socialpub.compose.tagrules import SUPPORTED, make_tag  # noqa: E402

MAX_CHARS = 280


def _scorer(data: Path, name: str) -> ModuleType:
    if str(data) not in sys.path:
        sys.path.insert(0, str(data))
    return importlib.import_module(name)


def text_article(text: str) -> Article:
    try:
        return clean_article(text, "text")
    except ValueError:
        return Article(title="", text="")


def our_keyphrases(text: str) -> list[str]:
    article = text_article(text)
    return [k.text for k in rank(article.text, article.title, limit=10)]


def our_hashtags(text: str) -> list[str]:
    article = text_article(text)
    tags = suggest_hashtags(article.text, article.title, language="en", own=article.own_hashtags)
    return ["#" + t.tag for t in tags[:10]]


def our_hashtags_without_topics(text: str) -> list[str]:
    article = text_article(text)
    tags = suggest_hashtags(
        article.text,
        article.title,
        language="en",
        own=article.own_hashtags,
        policy=TagPolicy(topics=False),
    )
    return ["#" + t.tag for t in tags[:10]]


def our_summary(text: str) -> str:
    article = text_article(text)
    return summarize(article.text, article.title, max_chars=MAX_CHARS)


def yake_keyphrases() -> Callable[[str], list[str]]:
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=1, top=10)
    return lambda text: [k for k, _ in extractor.extract_keywords(text)]


def lead_sentence(summary_eval: ModuleType) -> Callable[[str], str]:
    return lambda text: str(summary_eval.lead(text, 1))


def _timed(func: Callable[[str], Any], docs: list[dict[str, Any]]) -> tuple[dict[str, Any], float]:
    if docs:
        func(docs[0]["text"])  # warm-up, for every system alike: lazy imports, first-call caches
    start = time.perf_counter()
    out = {str(d["id"]): func(d["text"]) for d in docs}
    seconds = time.perf_counter() - start
    return out, len(docs) / seconds if seconds else float("inf")


def keyphrase_rows(data: Path, limit: int | None) -> list[dict[str, Any]]:
    ke = _scorer(data, "keyphrase_eval")
    docs = ke.load(str(data / "keyphrase-dev.jsonl"))[:limit]
    rows = []
    systems = [
        ("socialpub keyphrases", our_keyphrases),
        ("socialpub hashtags", our_hashtags),
        ("socialpub hashtags, no topics", our_hashtags_without_topics),
        ("YAKE n=1", yake_keyphrases()),
    ]
    for name, func in systems:
        preds, rate = _timed(func, docs)
        metrics = ke.score(docs, preds, [10])[10]
        rows.append(
            {
                "system": name,
                "docs": len(docs),
                "P@10": metrics["P"],
                "R@10": metrics["R"],
                "F1@10": metrics["F1"],
                "docs_per_second": rate,
            }
        )
    return rows


def summary_rows(data: Path, limit: int | None) -> list[dict[str, Any]]:
    from rouge_score import rouge_scorer

    se = _scorer(data, "summary_eval")
    docs = se.load(str(data / "summary-dev.jsonl"))[:limit]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rows = []
    for name, func in [("socialpub summary", our_summary), ("lead-1", lead_sentence(se))]:
        preds, rate = _timed(func, docs)
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        for d in docs:
            scores = scorer.score(d["summary"], preds[str(d["id"])])
            for key in totals:
                totals[key] += scores[key].fmeasure
        lengths = [len(p) for p in preds.values()]
        rows.append(
            {
                "system": name,
                "docs": len(docs),
                **{
                    k.upper().replace("ROUGE", "ROUGE-"): 100 * v / len(docs)
                    for k, v in totals.items()
                },
                "max_chars": max(lengths),
                "mean_chars": sum(lengths) / len(lengths),
                f"share_le_{MAX_CHARS}": sum(n <= MAX_CHARS for n in lengths) / len(lengths),
                "docs_per_second": rate,
            }
        )
    return rows


def _gold_key(tag: str) -> str:
    """Tags match when their letters and digits match, case and a plural -s aside."""
    key = "".join(c for c in tag.lower() if c.isalnum())
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def yake_tags() -> Callable[[str, str, str], list[Hashtag]]:
    import yake

    extractors: dict[str, Any] = {}

    def tags(title: str, text: str, language: str) -> list[Hashtag]:
        extractor = extractors.get(language)
        if extractor is None:
            extractor = extractors[language] = yake.KeywordExtractor(lan=language, n=3, top=5)
        phrases = [k for k, _ in extractor.extract_keywords(f"{title}\n{text}")]
        words = (lambda p: [p.replace(" ", "")]) if language in ("zh", "ja") else str.split
        return [Hashtag(make_tag(words(p), language), "entity") for p in phrases][:5]

    return tags


def _read_page(page: Any) -> tuple[Article, str | None, Any, set[str]] | None:
    """A saved page's article, language, tagcheck's view of it and its people-chosen tags."""
    from tagcheck import page_text
    from tagpages import page_language

    try:
        article = clean_article(page.html, "html")
    except ValueError:
        return None
    language = page_language(page, article.language, f"{article.title}\n{article.text}")
    gold = {_gold_key(g) for g in page.gold_tags}
    return article, language, page_text(article.title, article.text, language), gold


def _top_five(page: Any, article: Article, language: str | None, *, topics: bool) -> list[Hashtag]:
    return suggest_hashtags(
        article.text,
        article.title,
        language=language,
        site_name=page.site_name,
        own=article.own_hashtags,
        policy=TagPolicy(topics=topics),
    )[:5]


def hashtag_page_rows(cache: Path) -> dict[str, Any]:
    """Bad-tag rate and hit@5 on the real pages, ours beside YAKE; example tags per page."""
    from tagcheck import bad_tags
    from tagpages import load_pages

    pages = load_pages(cache)
    yake = yake_tags()
    systems: dict[str, dict[str, Any]] = {
        name: {
            "tags": 0,
            "bad": 0,
            "reasons": {},
            "pages": 0,
            "hits": 0,
            "gold_pages": 0,
            "by_language": {},
            "by_page": {},
        }
        for name in ("socialpub", "socialpub, no topics", "YAKE n=3")
    }
    unsupported = {"pages": 0, "tagged": 0}
    examples = []
    for page in pages:
        read = _read_page(page)
        if read is None:
            continue
        article, language, page_info, gold = read
        runs: dict[str, list[Hashtag]] = {
            "socialpub": _top_five(page, article, language, topics=True),
            "socialpub, no topics": _top_five(page, article, language, topics=False),
        }
        if language in SUPPORTED:
            runs["YAKE n=3"] = yake(article.title, article.text, language)
        else:
            unsupported["pages"] += 1
            generated = [t for t in runs["socialpub"] if t.kind not in ("own", "organisation")]
            unsupported["tagged"] += bool(generated)
            runs["YAKE n=3"] = []
        for name, tags in runs.items():
            row = systems[name]
            row["pages"] += 1
            row["tags"] += len(tags)
            bad = bad_tags(tags, page_info)
            row["bad"] += len(bad)
            for _, reason in bad:
                row["reasons"][reason] = row["reasons"].get(reason, 0) + 1
            if gold and language in SUPPORTED:
                hit = any(_gold_key(t.tag) in gold for t in tags)
                row["gold_pages"] += 1
                row["hits"] += hit
                row["by_page"][page.name] = hit
                per = row["by_language"].setdefault(language, [0, 0])
                per[0] += hit
                per[1] += 1
        examples.append(
            {
                "page": page.name,
                "language": language,
                "tags": [f"#{t.tag} ({t.kind})" for t in runs["socialpub"]],
                "bad": bad_tags(runs["socialpub"], page_info),
                "gold": list(page.gold_tags[:8]),
            }
        )
    for row in systems.values():
        row["bad_rate"] = row["bad"] / row["tags"] if row["tags"] else 0.0
        row["hit_at_5"] = row["hits"] / row["gold_pages"] if row["gold_pages"] else 0.0
        row["halves"] = halves(row.pop("by_page"))
    return {
        "pages": len(pages),
        "systems": systems,
        "unsupported": unsupported,
        "examples": examples,
    }


def fresh_page_rows(cache: Path) -> dict[str, dict[str, int]]:
    """hit@5 and bad tags with and without topic tags on the tagged pages past the cap, which
    no vocabulary work has looked at (``tagpages.load_fresh_pages``)."""
    from tagcheck import bad_tags
    from tagpages import load_fresh_pages

    rows = {name: {"hits": 0, "pages": 0, "bad": 0, "tags": 0} for name in ("topics", "none")}
    for page in load_fresh_pages(cache):
        read = _read_page(page)
        if read is None or read[1] not in SUPPORTED:
            continue
        article, language, page_info, gold = read
        for name, topics in (("topics", True), ("none", False)):
            tags = _top_five(page, article, language, topics=topics)
            row = rows[name]
            row["pages"] += 1
            row["hits"] += any(_gold_key(t.tag) in gold for t in tags)
            row["tags"] += len(tags)
            row["bad"] += len(bad_tags(tags, page_info))
    return rows


def halves(by_page: dict[str, bool]) -> dict[str, list[int]]:
    """Hits and pages in each half of the tagged pages sorted by name, the first half the larger.

    Vocabulary work looks only at the first half; the second is held out, so a gain there is
    not one fitted to the pages.
    """
    names = sorted(by_page)
    cut = (len(names) + 1) // 2
    return {
        "first": [sum(by_page[n] for n in names[:cut]), cut],
        "second": [sum(by_page[n] for n in names[cut:]), len(names) - cut],
    }


def compose_milliseconds(data: Path) -> dict[str, float]:
    """Median in-process time to tag one article of about 1,000 words, with and without topics."""
    ke = _scorer(data, "keyphrase_eval")
    docs = ke.load(str(data / "keyphrase-dev.jsonl"))
    doc = min(docs, key=lambda d: abs(len(d["text"].split()) - 1000))
    article = text_article(doc["text"])
    out = {"words": float(len(doc["text"].split()))}
    for name, topics in (("with_topics_ms", True), ("without_topics_ms", False)):
        policy = TagPolicy(topics=topics)
        suggest_hashtags(article.text, article.title, language="en", policy=policy)  # warm-up
        times, cpu = [], []
        for _ in range(15):
            start, start_cpu = time.perf_counter(), time.process_time()
            suggest_hashtags(article.text, article.title, language="en", policy=policy)
            times.append(1000 * (time.perf_counter() - start))
            cpu.append(1000 * (time.process_time() - start_cpu))
        out[name] = sorted(times)[len(times) // 2]
        out[name.replace("_ms", "_cpu_ms")] = sorted(cpu)[len(cpu) // 2]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO / ".." / "shared" / "data",
        help="directory with the dev sets and scorers (default ../shared/data)",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--pages",
        type=Path,
        default=None,
        help="cache directory for the real pages (default ~/.cache/socialpub-bench/pages)",
    )
    parser.add_argument("--examples", action="store_true", help="print every page's tags")
    parser.add_argument(
        "--pages-only", action="store_true", help="only the real-page hashtag figures and timing"
    )
    args = parser.parse_args()
    data = args.data.resolve()
    if not (data / "keyphrase_eval.py").is_file():
        sys.exit(f"{data}: no keyphrase_eval.py here; pass --data")
    keyphrases = [] if args.pages_only else keyphrase_rows(data, args.limit)
    summaries = [] if args.pages_only else summary_rows(data, args.limit)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from tagpages import DEFAULT_CACHE

    pages = hashtag_page_rows(args.pages or DEFAULT_CACHE)
    fresh = fresh_page_rows(args.pages or DEFAULT_CACHE)
    timing = compose_milliseconds(data)
    if args.json:
        print(
            json.dumps(
                {
                    "keyphrases": keyphrases,
                    "summaries": summaries,
                    "hashtag_pages": pages,
                    "fresh_pages": fresh,
                    "tagging_ms": timing,
                }
            )
        )
        return
    print("Keyphrases (keyphrase-dev.jsonl, keyphrase_eval.score, k=10)")
    for r in keyphrases:
        print(
            f"  {r['system']:<22} P@10={r['P@10']:.4f}  R@10={r['R@10']:.4f}  "
            f"F1@10={r['F1@10']:.4f}  {r['docs_per_second']:8.1f} docs/s  ({r['docs']} docs)"
        )
    print(f"Summaries (summary-dev.jsonl, ROUGE F1 x100, stemmed, at most {MAX_CHARS} chars)")
    for r in summaries:
        print(
            f"  {r['system']:<22} R1={r['ROUGE-1']:.2f}  R2={r['ROUGE-2']:.2f}  "
            f"RL={r['ROUGE-L']:.2f}  max {r['max_chars']} chars, mean {r['mean_chars']:.0f}, "
            f"<= {MAX_CHARS}: {100 * r[f'share_le_{MAX_CHARS}']:.1f}%  "
            f"{r['docs_per_second']:8.1f} docs/s  ({r['docs']} docs)"
        )
    print(f"Hashtags on {pages['pages']} real pages (top 5 per page; tagcheck rules)")
    for name, r in pages["systems"].items():
        reasons = ", ".join(
            f"{k} {v}" for k, v in sorted(r["reasons"].items(), key=lambda kv: -kv[1])
        )
        print(
            f"  {name:<22} bad {r['bad']}/{r['tags']} = {100 * r['bad_rate']:.1f}%  "
            f"hit@5 {r['hits']}/{r['gold_pages']} = {r['hit_at_5']:.3f}  ({reasons})"
        )
        by_language = "  ".join(
            f"{lang} {h}/{n}" for lang, (h, n) in sorted(r["by_language"].items())
        )
        print(f"  {'':<22} hit@5 by language: {by_language}")
        (h1, n1), (h2, n2) = r["halves"]["first"], r["halves"]["second"]
        print(
            f"  {'':<22} hit@5 first half (by page name, studied) {h1}/{n1} = "
            f"{h1 / max(n1, 1):.3f}, second half (held out) {h2}/{n2} = {h2 / max(n2, 1):.3f}"
        )
    if fresh["topics"]["pages"]:
        t, n = fresh["topics"], fresh["none"]
        print(
            f"  fresh tagged pages past the cap ({t['pages']}, never studied): hit@5 "
            f"{t['hits']}/{t['pages']} with topics, {n['hits']}/{n['pages']} without; bad "
            f"{t['bad']}/{t['tags']} with topics, {n['bad']}/{n['tags']} without"
        )
    u = pages["unsupported"]
    print(f"  unsupported languages: {u['tagged']} of {u['pages']} pages got generated tags")
    print(
        f"Tagging one {timing['words']:.0f}-word article in process: median "
        f"{timing['without_topics_ms']:.1f} ms wall ({timing['without_topics_cpu_ms']:.1f} ms CPU) "
        f"without topics, {timing['with_topics_ms']:.1f} ms wall "
        f"({timing['with_topics_cpu_ms']:.1f} ms CPU) with topics"
    )
    if args.examples:
        for e in pages["examples"]:
            print(f"  [{e['language']}] {e['page']}: {' '.join(e['tags'])}")
            if e["gold"]:
                print(f"      people's tags: {', '.join(e['gold'])}")
            if e["bad"]:
                print(f"      bad: {e['bad']}")


if __name__ == "__main__":
    main()
