#!/usr/bin/env python3
"""Blind paired review of hashtags by people: the instrument behind this round's tag figures.

A proxy (hit@5 against sites' tags, tagcheck's rules) says little about whether a communications
officer would post a tag. This script prepares what a person judges and counts their verdicts:

  dump   the top five tags, title and the start of the cleaned text of every saved page
         (``~/.cache/socialpub-bench/pages/trafilatura-eval``, see tagpages.py), at the code
         this checkout holds; run it at two revisions (``PYTHONPATH=<worktree>/src``)
  pair   a sheet of pages whose tags differ between two dumps, each with ``list1`` and
         ``list2`` in an order drawn from the seed, and a key file saying which is the newer
  score  the reviewer's verdicts (one JSON object per page: ``list1``/``list2`` mapping each
         tag to "keep" or a reason, ``better`` "1", "2" or "same") against the key

A reviewer (a person, or a helper told to judge as one) reads only the sheet; the key is read
only by ``score``. Nothing here is tuned to any page.

    python benchmarks/tag_review.py dump --out new.jsonl
    python benchmarks/tag_review.py pair old.jsonl new.jsonl --seed review1: \
        --out review/sheet.jsonl --key keys/sheet.key [--exclude review/earlier.jsonl ...]
    python benchmarks/tag_review.py score review/sheet.jsonl review/judged.jsonl \
        --key keys/sheet.key

Keep the key outside the directory the reviewer is given (it defaults to ``<sheet>.key``, beside
the sheet). ``--exclude`` leaves out the pages of earlier sheets, so a second review of the same
two revisions judges fresh pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Any

PAGES = Path.home() / ".cache/socialpub-bench/pages/trafilatura-eval"
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
EXCERPT = 1800  # characters of cleaned text a reviewer reads
TOP = 5


def _page(path: Path) -> dict[str, Any]:
    from socialpub.compose.post import NoArticle, clean_article, draft_post
    from socialpub.compose.reading import decode

    raw = decode(path.read_bytes())  # as a user's preview reads a saved page
    try:
        article = clean_article(raw, "html")
    except (NoArticle, ValueError) as exc:
        return {"id": path.name, "error": str(exc)}
    draft = draft_post(article)
    return {
        "id": path.name,
        "language": article.language,
        "site_name": article.site_name,
        "title": article.title,
        "text": article.text[:EXCERPT],
        "tags": list(draft.hashtags[:TOP]),
    }


def dump(out: Path) -> None:
    pages = sorted(PAGES.glob("*.html"))
    if not pages:
        sys.exit(f"{PAGES}: no saved pages; see tagpages.py")
    with Pool(2) as pool, out.open("w", encoding="utf-8") as handle:
        for done, row in enumerate(pool.imap(_page, pages, chunksize=8), 1):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"\r{done}/{len(pages)} pages", end="", file=sys.stderr)
    print(file=sys.stderr)


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        rows = (json.loads(line) for line in handle if line.strip())
        return {row["id"]: row for row in rows}


def _draw(seed: str, name: str) -> str:
    return hashlib.sha1((seed + name).encode()).hexdigest()


def pair(
    old: Path,
    new: Path,
    seed: str,
    count: int,
    out: Path,
    key_path: Path | None = None,
    seen: frozenset[str] | set[str] = frozenset(),
) -> None:
    before, after = _rows(old), _rows(new)
    changed = sorted(
        (
            name
            for name, row in after.items()
            if name not in seen
            and "error" not in row
            and "error" not in before.get(name, {"error": ""})
            and row["language"] in LANGUAGES
            and row["tags"] != before[name]["tags"]
        ),
        key=lambda name: _draw(seed, name),
    )[:count]
    key: dict[str, str] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for name in changed:
            newer_first = int(_draw(seed + "flip", name), 16) % 2 == 1
            first, second = (after, before) if newer_first else (before, after)
            key[name] = "list1" if newer_first else "list2"
            row = after[name]
            sheet = {k: row[k] for k in ("id", "language", "site_name", "title", "text")}
            sheet |= {"list1": first[name]["tags"], "list2": second[name]["tags"]}
            handle.write(json.dumps(sheet, ensure_ascii=False) + "\n")
    key_file = key_path or Path(f"{out}.key")
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(json.dumps(key), encoding="utf-8")
    print(f"{len(changed)} pages on the sheet ({out}); the key is in {key_file}")


def score(sheet: Path, judged: Path, key_path: Path | None = None) -> None:
    key = json.loads((key_path or Path(f"{sheet}.key")).read_text(encoding="utf-8"))
    better: Counter[str] = Counter()
    verdicts: dict[str, Counter[str]] = {"newer": Counter(), "older": Counter()}
    for name, verdict in _rows(judged).items():
        newer = key[name]
        older = "list2" if newer == "list1" else "list1"
        choice = verdict["better"]
        better[
            "same" if choice == "same" else ("newer" if f"list{choice}" == newer else "older")
        ] += 1
        for side, label in ((newer, "newer"), (older, "older")):
            for reason in verdict[side].values():
                verdicts[label]["keep" if reason == "keep" else "delete"] += 1
                if reason != "keep":
                    verdicts[label][reason] += 1
    print(f"better: newer {better['newer']}, older {better['older']}, same {better['same']}")
    for label, counts in verdicts.items():
        total = counts["keep"] + counts["delete"]
        reasons = ", ".join(
            f"{r} {n}" for r, n in counts.most_common() if r not in ("keep", "delete")
        )
        print(
            f"{label}: kept {counts['keep']}, deleted {counts['delete']} of {total} "
            f"({counts['delete'] / max(total, 1):.0%}; {reasons})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("--out", type=Path, required=True)
    pairing = commands.add_parser("pair")
    pairing.add_argument("old", type=Path)
    pairing.add_argument("new", type=Path)
    pairing.add_argument("--seed", required=True)
    pairing.add_argument("--count", type=int, default=45)
    pairing.add_argument("--out", type=Path, required=True)
    pairing.add_argument("--key", type=Path, help="where the key goes (default <out>.key)")
    pairing.add_argument("--exclude", type=Path, nargs="*", default=[], help="earlier sheets")
    scoring = commands.add_parser("score")
    scoring.add_argument("sheet", type=Path)
    scoring.add_argument("judged", type=Path)
    scoring.add_argument("--key", type=Path, help="the pair step's key (default <sheet>.key)")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out)
    elif args.command == "pair":
        seen = {name for sheet in args.exclude for name in _rows(sheet)}
        pair(args.old, args.new, args.seed, args.count, args.out, args.key, seen)
    else:
        score(args.sheet, args.judged, args.key)


if __name__ == "__main__":
    main()
