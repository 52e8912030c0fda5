"""Quality and speed of the compose engine, measured beside a baseline in one run.

Keyphrases: our ranking and our hashtags against YAKE (single-word mode, its strongest setting on
this data), scored by the dataset's own ``keyphrase_eval.py`` (F1@10, stemmed exact match,
hashtags split at CamelCase). Summaries: ours within 280 characters against the lead sentence,
scored like ``summary_eval.py`` (ROUGE-1/2/L F1, Porter stemming). Documents per second count
only the extraction calls, in this process, for each system alike.

The data are research-only development sets that live outside the repository; they are read
from ``--data`` (default ``../shared/data`` beside the repository) and never copied.

    .venv/bin/python benchmarks/compose_quality.py [--data DIR] [--limit N] [--json]
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

from socialpub.compose.hashtags import candidate_tags  # noqa: E402
from socialpub.compose.keyphrases import rank  # noqa: E402
from socialpub.compose.post import Article, clean_article  # noqa: E402
from socialpub.compose.summarize import summarize  # noqa: E402

MAX_CHARS = 280


def _scorer(data: Path, name: str) -> ModuleType:
    if str(data) not in sys.path:
        sys.path.insert(0, str(data))
    return importlib.import_module(name)


def _article(text: str) -> Article:
    try:
        return clean_article(text, "text")
    except ValueError:
        return Article(title="", text="")


def our_keyphrases(text: str) -> list[str]:
    article = _article(text)
    return [k.text for k in rank(article.text, article.title, limit=10)]


def our_hashtags(text: str) -> list[str]:
    article = _article(text)
    return ["#" + t for t in candidate_tags(rank(article.text, article.title), limit=10)]


def our_summary(text: str) -> str:
    article = _article(text)
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
    args = parser.parse_args()
    data = args.data.resolve()
    if not (data / "keyphrase_eval.py").is_file():
        sys.exit(f"{data}: no keyphrase_eval.py here; pass --data")
    keyphrases = keyphrase_rows(data, args.limit)
    summaries = summary_rows(data, args.limit)
    if args.json:
        print(json.dumps({"keyphrases": keyphrases, "summaries": summaries}))
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


if __name__ == "__main__":
    main()
