"""How many real pages give posts a communications officer would publish unedited (issue 8).

For each saved web page, socialpub composes posts for X, Bluesky, Mastodon and LinkedIn, once
without a link and once with a 150-character tracking link, through the same functions
``socialpub preview`` calls (or, with ``--via-cli``, by running ``socialpub preview PAGE --json``).
``socialpub.compose.checks`` then applies issue 8's ten rules to every post. Rule 1 ("text from
the article body") is judged against the page's reference text, never against our own
extraction. A page is postable when none of its eight posts breaks a rule. Printed: the share of
postable pages (overall, per link variant, per language), how many pages break each rule, pages
per second, and with ``--show N`` N failing posts to read.

The pages are fetched from PyPI at run time, with pip, into a cache outside the repository
(``~/.cache/socialpub-bench/`` or ``--cache``) and never committed:

- ``trafilatura==1.0.0`` (sdist; GPL-3.0-or-later): ``tests/cache/*.html``, real German, English,
  French and other pages saved by trafilatura's author, with ``tests/realworld_tests.py``, in
  which a person wrote for each page snippets that belong to the article and snippets that do
  not. The reference text is trafilatura's own precision-mode extraction (the installed version),
  accepted only when it holds every "belongs" snippet and none of the "does not" ones; pages
  without marks, or whose extraction disagrees with them, are left out. socialpub also extracts
  HTML with trafilatura, so rule 1 here catches what our engine adds or glues, less what both miss.
- ``newspaper4k==0.9.6`` (sdist; MIT): ``tests/data/html/*.html`` with the article text its
  maintainers checked in as the expected result (``tests/data/txt``), in English, Spanish,
  Chinese, Japanese, Korean and other languages; an extractor other than ours.

The web pages themselves belong to their publishers; they are used here as those packages use
them, for testing, and are not redistributed.

    .venv/bin/python benchmarks/postability.py [--cache DIR | --data DIR] [--limit N]
        [--show N] [--json] [--via-cli [--sample N]] [--abstractive URL [--model NAME]]

With ``--abstractive`` the summaries come from a real OpenAI-compatible server on this machine
(a manual step, never CI): every answer goes through the same guardrails as in production
(names and numbers in the article, its language, the standalone rules), and the report says how
many summaries the model wrote and how many fell back to the extractive engine. For example,
with llama-cpp-python's server and a small instruction-tuned GGUF model:

    pip install "llama-cpp-python[server]"
    python -m llama_cpp.server --model MODEL.gguf --port 8080 &
    .venv/bin/python benchmarks/postability.py --abstractive http://127.0.0.1:8080/v1
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from socialpub.compose.checks import (  # noqa: E402
    ArticleFacts,
    PostWarning,
    check,
    first_real_sentence,
    guess_language,
    post_facts,
)
from socialpub.compose.limits import PlatformLimits  # noqa: E402

PLATFORMS = ("x", "bluesky", "mastodon", "linkedin")
SOURCES = {"trafilatura": "trafilatura==1.0.0", "newspaper4k": "newspaper4k==0.9.6"}
LINK_LENGTH = 150
SUPPORTED = frozenset(
    ["en", "de", "fr", "es", "it", "pt", "nl", "zh", "ja", "ko"]
)  # issue 8's languages
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "socialpub-bench"


@dataclass(frozen=True)
class Page:
    id: str
    source: str
    html: str  # path of the saved page
    url: str
    language: str | None
    reference: str  # the article text the page's marks accept
    title: str = ""


@dataclass(frozen=True)
class Post:
    platform: str
    parts: tuple[str, ...]
    hashtags: tuple[str, ...] = ()
    hashtag_limit: int | None = None


@dataclass
class Verdict:
    page: Page
    variant: str  # "no link" or "tracking link"
    posts: list[Post] = field(default_factory=list)
    warnings: dict[str, list[PostWarning]] = field(default_factory=dict)  # by platform
    error: str | None = None
    seconds: float = 0.0

    @property
    def postable(self) -> bool:
        return self.error is None and not any(w.rule for ws in self.warnings.values() for w in ws)


def tracking_link(url: str, length: int = LINK_LENGTH) -> str:
    """``url`` with campaign parameters, padded to exactly ``length`` characters."""
    base = url if url.startswith("https://") else "https://" + url.split("://", 1)[-1]
    base = base[:90]
    link = f"{base}{'&' if '?' in base else '?'}utm_source=newsletter&utm_medium=email&utm_id="
    return (link + "x" * length)[:length]


# ---------------------------------------------------------------------------------------------
# The data: obtained from PyPI with pip, cached outside the repository


def _sdist(spec: str, cache: Path) -> Path:
    name = spec.split("==")[0]
    folder = cache / "sdists"
    found = sorted(folder.glob(f"{name}-{spec.split('==')[1]}.tar.gz"))
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    subprocess.run([*command, spec, "-d", str(folder), "-q"], check=True)
    return sorted(folder.glob(f"{name}-*.tar.gz"))[0]


def _unpack(archive: Path, wanted: Callable[[str], bool], into: Path) -> Path:
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and wanted(m.name)]
        tar.extractall(into, members=members, filter="data")
    return into / archive.name.removesuffix(".tar.gz")


def marked_snippets(source: str) -> dict[str, tuple[list[str], list[str]]]:
    """{url: (snippets in the article, snippets not in it)} from a trafilatura realworld test
    module: each ``result = load_mock_page(URL[, xmloutput])`` followed by ``assert 'a' in
    result and 'b' not in result``. Marks the author left commented out after an assert
    (``# and 'c' not in result``: trafilatura could not meet them) count as "not in" too."""
    marks: dict[str, tuple[list[str], list[str]]] = {}
    lines = source.splitlines()
    current: list[str | None] = [None]

    def compares(node: ast.AST) -> Iterable[ast.Compare]:
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from compares(value)
        elif isinstance(node, ast.Compare):
            yield node

    def visit(statements: list[ast.stmt]) -> None:
        for statement in statements:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                call = statement.value
                plain = (
                    getattr(call.func, "id", "") == "load_mock_page"
                    and 1 <= len(call.args) <= 2
                    and not call.keywords
                    and isinstance(call.args[0], ast.Constant)
                )
                current[0] = str(call.args[0].value) if plain else None  # type: ignore[attr-defined]
            elif isinstance(statement, ast.Assert) and current[0] is not None:
                into, out = marks.setdefault(current[0], ([], []))
                for compare in compares(statement.test):
                    left, op, right = compare.left, compare.ops[0], compare.comparators[0]
                    if not (isinstance(left, ast.Constant) and isinstance(left.value, str)):
                        continue
                    if getattr(right, "id", "") != "result":
                        continue
                    (into if isinstance(op, ast.In) else out).append(left.value)
                last = lines[(statement.end_lineno or statement.lineno) - 1]
                comment = last.rpartition(" # ")[2] if " # " in last else ""
                out.extend(re.findall(r"'([^']+)' not in result", comment))
            elif isinstance(statement, ast.If | ast.With | ast.For):
                visit(statement.body)
            elif isinstance(statement, ast.FunctionDef):
                current[0] = None
                visit(statement.body)

    visit(ast.parse(source).body)
    return {url: m for url, m in marks.items() if m[0]}


def _squash(text: str) -> str:
    return " ".join(text.split())


_FUNCTION_WORDS = {
    "en": "the and of to is that for with was are this",
    "de": "der die und das ist nicht mit sich auch von den",
    "fr": "le la les et des est une pour dans que qui",
    "es": "el los las del que por una para con como está",
    "it": "il che della per non sono una con gli anche",
    "pt": "não uma para com os das mais como pelo foi",
    "nl": "de het een van en niet dat zijn voor met ook",
}


def text_language(text: str, declared: str | None) -> str | None:
    """The page's language from its own words (CJK by script), else what the page declares:
    a page's ``lang`` attribute is often a template's default, not the article's language."""
    script = guess_language(text, None)
    if script != "en":
        return script
    words = re.findall(r"[a-zà-ÿ]+", text[:5000].lower())
    counts = {
        lang: sum(w in set(fw.split()) for w in words) for lang, fw in _FUNCTION_WORDS.items()
    }
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] >= max(5, len(words) // 25):
        return best
    return declared


def _html_language(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", html[:5000], re.IGNORECASE)
    return match.group(1).lower() if match else None


def _reference_by_marks(html: str, url: str, into: list[str], out: list[str]) -> str | None:
    """trafilatura's extraction without the lines the person marked as not the article, when it
    still holds every snippet they marked as the article."""
    import trafilatura

    tries: list[dict[str, bool]] = [
        {"favor_precision": True, "include_comments": False},
        {"include_comments": False},
        {},  # some marks take a page's comments as part of it
        {"favor_recall": True},
    ]
    for options in tries:
        text = trafilatura.extract(html, url=url, **options)
        if not text:
            continue
        kept = [line for line in str(text).splitlines() if not any(s in line for s in out)]
        flat = _squash(" ".join(kept))
        if all(_squash(s) in flat for s in into):
            return "\n".join(kept)
    return None


def _read_html(path: Path) -> str:
    from socialpub.compose.reading import decode

    return decode(path.read_bytes())


def _trafilatura_pages(cache: Path) -> list[Page]:
    root = _unpack(
        _sdist(SOURCES["trafilatura"], cache),
        lambda n: "/tests/cache/" in n or n.endswith("/tests/realworld_tests.py"),
        cache / "unpacked",
    )
    source = (root / "tests" / "realworld_tests.py").read_text("utf-8")
    names = ast.literal_eval(re.search(r"MOCK_PAGES = (\{.*?\n\})", source, re.S).group(1))  # type: ignore[union-attr]
    pages = []
    for url, (into, out) in sorted(marked_snippets(source).items()):
        path = root / "tests" / "cache" / names.get(url, "")
        if not names.get(url) or not path.is_file():
            continue
        html = _read_html(path)
        reference = _reference_by_marks(html, url, into, out)
        if reference is None:
            continue
        language = text_language(reference, _html_language(html))
        pages.append(
            Page(f"trafilatura/{path.stem}", "trafilatura", str(path), url, language, reference)
        )
    return pages


def _newspaper_pages(cache: Path) -> list[Page]:
    root = _unpack(
        _sdist(SOURCES["newspaper4k"], cache),
        lambda n: "/tests/data/" in n,
        cache / "unpacked",
    )
    pages = []
    for path in sorted((root / "tests" / "data" / "html").glob("*.html")):
        expected = root / "tests" / "data" / "txt" / f"{path.stem}.txt"
        if not expected.is_file():
            continue
        meta_path = root / "tests" / "data" / "metadata" / f"{path.stem}.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
        reference = expected.read_text("utf-8")
        if len(reference.split()) < 30 and len(reference) < 200:
            continue  # a listing or video page: no article to post
        html = _read_html(path)
        language = text_language(reference, meta.get("language") or _html_language(html))
        url = meta.get("url") or f"https://news.example/{path.stem}"
        pages.append(
            Page(f"newspaper4k/{path.stem}", "newspaper4k", str(path), url, language, reference)
        )
    return pages


def obtain(cache: Path) -> list[Page]:
    """The pages, built once into ``cache/pages.json`` and read from there afterwards."""
    index = cache / "pages.json"
    if index.is_file():
        return load(cache)
    pages = _trafilatura_pages(cache) + _newspaper_pages(cache)
    index.write_text(json.dumps([asdict(p) for p in pages], ensure_ascii=False, indent=1))
    return pages


def load(folder: Path) -> list[Page]:
    return [Page(**p) for p in json.loads((folder / "pages.json").read_text("utf-8"))]


# ---------------------------------------------------------------------------------------------
# Composing, as `socialpub preview` does


BACKENDS: Counter[str] = Counter()  # which engine wrote each draft's summary


def compose_in_process(path: str, link: str | None) -> tuple[str, list[Post]]:
    """(title, posts) through the functions ``preview`` calls; ``RuntimeError`` when it refuses."""
    import typer

    from socialpub.cli import compose_cmds as cc

    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            settings = cc.get_settings()
            raw, fmt, _ = cc.load_source(path, None, settings)
            cleaned = cc.clean_article(raw, fmt)
            summary, backend = cc.abstractive_summary(cleaned, settings, 280)
            BACKENDS[backend] += 1
            draft = cc.draft_post(cleaned, link=link, summary=summary)
            posts = []
            for name in PLATFORMS:
                target = cc._target(name, settings)
                rendered = cc.render(draft, target.limits, target.policy, threads=target.threads)
                posts.append(
                    Post(name, tuple(rendered.parts), tuple(rendered.hashtags), target.policy.count)
                )
    except typer.Exit as exc:
        raise RuntimeError(stderr.getvalue().strip() or f"exit {exc.exit_code}") from None
    except ValueError as exc:
        raise RuntimeError(str(exc)) from None
    return draft.title, posts


def compose_via_cli(path: str, link: str | None) -> tuple[str, list[Post]]:
    """(title, posts) from ``socialpub preview PAGE --json``, run as a person would."""
    exe = shutil.which("socialpub", path=str(REPO / ".venv" / "bin")) or "socialpub"
    command = [exe, "preview", path, "--json", *[a for p in PLATFORMS for a in ("-p", p)]]
    done = subprocess.run(
        [*command, *(["--link", link] if link else [])], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    data = json.loads(done.stdout)
    posts = [Post(p["platform"], tuple(p["parts"]), tuple(p["hashtags"])) for p in data["posts"]]
    return data.get("title", ""), posts


def _limits(platform: str) -> PlatformLimits:
    from socialpub.platforms.registry import adapter_class

    limits: PlatformLimits = adapter_class(platform).default_limits
    return limits


# ---------------------------------------------------------------------------------------------
# Judging


def article_facts(page: Page, title: str) -> ArticleFacts:
    """The article as the checks see it: the page's reference text, not our extraction."""
    return ArticleFacts(
        text=page.reference,
        title=title,
        language=page.language,
        lead=first_real_sentence(page.reference, page.language),
    )


def judge(
    page: Page, title: str, posts: list[Post], link: str | None
) -> dict[str, list[PostWarning]]:
    facts = article_facts(page, title)
    return {
        post.platform: check(
            facts,
            post_facts(
                post.parts,
                _limits(post.platform),
                link=link,
                hashtags=post.hashtags,
                hashtag_limit=post.hashtag_limit,
            ),
        )
        for post in posts
    }


Composer = Callable[[str, str | None], tuple[str, list[Post]]]


def judge_page(page: Page, compose: Composer) -> list[Verdict]:
    verdicts = []
    for variant, link in (("no link", None), ("tracking link", tracking_link(page.url))):
        verdict = Verdict(page, variant)
        start = time.perf_counter()
        try:
            title, verdict.posts = compose(page.html, link)
        except RuntimeError as exc:
            verdict.error = str(exc) or "refused"
        except Exception as exc:  # a crash is a finding, not the end of the run
            verdict.error = f"{type(exc).__name__}: {exc}"
        verdict.seconds = time.perf_counter() - start
        if verdict.error is None:
            verdict.warnings = judge(page, title, verdict.posts, link)
        verdicts.append(verdict)
    return verdicts


# ---------------------------------------------------------------------------------------------
# Report


def summarise(verdicts: list[Verdict], seconds: float) -> dict[str, Any]:
    by_page: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        by_page[v.page.id].append(v)
    pages = list(by_page)
    postable = [p for p in pages if all(v.postable for v in by_page[p])]
    rules: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    languages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for page_id, page_verdicts in by_page.items():
        broken = {(w.rule, w.code) for v in page_verdicts for ws in v.warnings.values() for w in ws}
        if any(v.error for v in page_verdicts):
            broken.add((0, "refused or crashed"))
        rules.update(
            {f"rule {r}" if r else "no post" for r, c in broken if r or c.startswith("ref")}
        )
        codes.update({c for r, c in broken if r or c.startswith("ref")})
        language = page_verdicts[0].page.language or "?"
        languages[language][0] += 1
        languages[language][1] += page_id in postable
    variants = {}
    for variant in ("no link", "tracking link"):
        chosen = [v for v in verdicts if v.variant == variant]
        variants[variant] = sum(v.postable for v in chosen) / len(chosen) if chosen else 0.0
    compose_seconds = sum(v.seconds for v in verdicts)
    supported = [p for p in pages if by_page[p][0].page.language in SUPPORTED]
    supported_ok = [p for p in supported if p in postable]
    return {
        "pages": len(pages),
        "postable_pages": len(postable),
        "postable_share": len(postable) / len(pages) if pages else 0.0,
        "supported_language_pages": len(supported),
        "postable_share_supported_languages": (
            len(supported_ok) / len(supported) if supported else 0.0
        ),
        "postable_share_by_variant": variants,
        "pages_breaking_rule": dict(sorted(rules.items())),
        "pages_breaking_code": dict(codes.most_common()),
        "languages": {k: {"pages": n, "postable": ok} for k, (n, ok) in sorted(languages.items())},
        "pages_per_second": len(pages) / seconds if seconds else 0.0,
        "compose_pages_per_second": len(pages) / compose_seconds if compose_seconds else 0.0,
    }


def examples(verdicts: list[Verdict], n: int) -> list[dict[str, Any]]:
    """``n`` failing posts, taking the codes in turn so that every kind of failure shows."""
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for v in verdicts:
        if v.error:
            by_code["refused or crashed"].append(
                {"page": v.page.id, "variant": v.variant, "error": v.error}
            )
        for post in v.posts:
            for w in v.warnings.get(post.platform, []):
                if w.rule:
                    by_code[w.code].append(
                        {
                            "page": v.page.id,
                            "language": v.page.language,
                            "variant": v.variant,
                            "platform": post.platform,
                            "code": w.code,
                            "message": w.message,
                            "parts": list(post.parts),
                        }
                    )
    for code, items in by_code.items():  # one example per page and check: more pages to read
        first: dict[str, dict[str, Any]] = {}
        for item in items:
            first.setdefault(item["page"], item)
        by_code[code] = list(first.values())
    order = sorted(by_code, key=lambda c: -len(by_code[c]))
    out: list[dict[str, Any]] = []
    for round_ in range(n):
        for code in order:
            if round_ < len(by_code[code]) and len(out) < n:
                out.append(by_code[code][round_])
    return out


def print_report(summary: dict[str, Any], shown: list[dict[str, Any]], command: str) -> None:
    print(f"postability of socialpub preview, {summary['pages']} pages ({command})")
    share = summary["postable_share"]
    print(
        f"  postable pages (all 8 posts break no rule): {summary['postable_pages']} = {share:.1%}"
    )
    print(
        f"    in issue 8's ten languages: {summary['postable_share_supported_languages']:.1%} "
        f"of {summary['supported_language_pages']} pages"
    )
    for variant, value in summary["postable_share_by_variant"].items():
        print(f"    {variant:<14} {value:.1%} of pages")
    print("  pages breaking each rule:")
    for rule, count in summary["pages_breaking_rule"].items():
        print(f"    {rule:<10} {count}")
    print("  pages breaking each check:")
    for code, count in summary["pages_breaking_code"].items():
        print(f"    {code:<20} {count}")
    print("  by language (pages, postable):")
    print(
        "    "
        + ", ".join(f"{k} {v['pages']}/{v['postable']}" for k, v in summary["languages"].items())
    )
    print(
        f"  pages per second: {summary['pages_per_second']:.2f} overall, "
        f"{summary['compose_pages_per_second']:.2f} composing only (8 posts a page)"
    )
    for item in shown:
        print(
            f"\n--- {item['page']} [{item.get('language')}] {item.get('platform', '')} "
            f"({item['variant']}): {item.get('message', item.get('error'))}"
        )
        for i, part in enumerate(item.get("parts", []), start=1):
            print(f"  [{i}] " + part.replace("\n", "\n      "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where pages are kept")
    parser.add_argument("--data", type=Path, help="a folder with pages.json made earlier")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--show", type=int, default=0, help="print N failing posts")
    parser.add_argument("--json", action="store_true", help="one JSON object for programs")
    parser.add_argument("--via-cli", action="store_true", help="run socialpub preview --json")
    parser.add_argument("--sample", type=int, default=10, help="pages for --via-cli")
    parser.add_argument(
        "--abstractive",
        metavar="URL",
        help="an OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1): its summaries, held "
        "to the article by the guardrails, are judged instead of the extractive ones",
    )
    parser.add_argument("--model", default="local", help="the model name the server expects")
    args = parser.parse_args(argv)
    if args.abstractive:  # read by get_settings(), in process and in `socialpub preview` alike
        os.environ["SOCIALPUB_ABSTRACTIVE_URL"] = args.abstractive
        os.environ["SOCIALPUB_ABSTRACTIVE_MODEL"] = args.model
    pages = load(args.data) if args.data else obtain(args.cache.expanduser())
    if args.via_cli:
        pages = pages[:: max(1, len(pages) // args.sample)][: args.sample]
    if args.limit:
        pages = pages[: args.limit]
    compose: Composer = compose_via_cli if args.via_cli else compose_in_process
    start = time.perf_counter()
    verdicts = [v for page in pages for v in judge_page(page, compose)]
    summary = summarise(verdicts, time.perf_counter() - start)
    shown = examples(verdicts, args.show)
    if args.json:
        print(json.dumps({**summary, "examples": shown}, ensure_ascii=False, indent=1))
    else:
        mode = "socialpub preview --json" if args.via_cli else "in process"
        print_report(summary, shown, mode)
        if BACKENDS:
            written = ", ".join(f"{n} {name}" for name, n in BACKENDS.most_common())
            print(f"  summaries written by: {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
