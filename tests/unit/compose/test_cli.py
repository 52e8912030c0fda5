from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.settings import get_settings

from .pages import MARKDOWN_POST, MYELOMA_TEXT

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    config = tmp_path / "socialpub.toml"
    config.write_text(
        f'database_url = "sqlite:///{tmp_path / "db.sqlite"}"\n'
        "[accounts.news]\n"
        'platform = "mastodon"\n'
        'base_url = "https://social.example.org"\n'
        'token_env = "NEWS_TOKEN"\n'
        "max_characters = 120\n"
        "hashtag_count = 1\n"
        'hashtags_always = ["UiO"]\n'
        "threads = false\n",
        "utf-8",
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    monkeypatch.setenv("NEWS_TOKEN", "a-token")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(MYELOMA_TEXT, "utf-8")
    return path


def test_preview_json_per_platform(article: Path) -> None:
    result = runner.invoke(
        app,
        [
            "preview",
            str(article),
            "-p",
            "mastodon",
            "-p",
            "x",
            "--link",
            "https://e.org/a",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Scientists find new treatment for multiple myeloma"
    assert data["hashtags"][:2] == ["MultipleMyeloma", "CancerResearch"]
    assert [p["platform"] for p in data["posts"]] == ["mastodon", "x"]
    for post in data["posts"]:
        assert 0 < post["length"] <= post["limit"]
        assert post["text"] == post["parts"][0]
        assert "https://e.org/a" in post["text"]


def test_preview_uses_an_accounts_limits_and_policy(article: Path) -> None:
    result = runner.invoke(app, ["preview", str(article), "-p", "news", "--json"])
    assert result.exit_code == 0, result.output
    (post,) = json.loads(result.stdout)["posts"]
    assert post["limit"] == 120 and post["length"] <= 120
    assert post["hashtags"] == ["UiO"]
    assert len(post["parts"]) == 1  # the account allows no threads


def test_preview_without_platform_shows_configured_accounts(article: Path) -> None:
    result = runner.invoke(app, ["preview", str(article)])
    assert result.exit_code == 0, result.output
    assert "== mastodon, account news:" in result.stdout


def test_preview_markdown_from_stdin() -> None:
    result = runner.invoke(
        app,
        ["preview", "-", "--format", "markdown", "-p", "bluesky", "--json"],
        input=MARKDOWN_POST,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Our lab joins the Open Genome project"
    assert "**" not in data["posts"][0]["text"]


def test_preview_unknown_platform_is_a_clear_error(article: Path) -> None:
    result = runner.invoke(app, ["preview", str(article), "-p", "myspace"])
    assert result.exit_code == 1
    assert "unknown platform 'myspace'" in result.stderr


def test_preview_refuses_a_private_url() -> None:
    result = runner.invoke(app, ["preview", "http://127.0.0.1:9/article", "-p", "x"])
    assert result.exit_code == 1
    assert "loopback" in result.stderr


def test_hashtags_batch() -> None:
    lines = "\n".join(json.dumps({"id": i, "text": MYELOMA_TEXT}) for i in ("a", "b")) + "\n"
    result = runner.invoke(app, ["hashtags", "--count", "3"], input=lines)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["hashtags"] == ["#MultipleMyeloma", "#CancerResearch", "#Oslo"]
    assert len(rows[0]["keyphrases"]) == 10
    assert "myeloma" in [k.lower() for k in rows[0]["keyphrases"][:3]]


def test_summarize_batch_respects_max_chars() -> None:
    lines = json.dumps({"id": 7, "text": MYELOMA_TEXT}) + "\n" + json.dumps({"id": 8, "text": ""})
    result = runner.invoke(app, ["summarize", "--max-chars", "150"], input=lines)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["id"] == 7 and 0 < len(first["summary"]) <= 150
    assert second == {"id": 8, "summary": ""}


def test_batch_rejects_bad_input() -> None:
    result = runner.invoke(app, ["summarize"], input='{"id": 1}\n')
    assert result.exit_code == 1
    assert "line 1" in result.stderr


def test_feed_add_list_remove() -> None:
    result = runner.invoke(app, ["feed", "add", "https://e.org/rss", "--account", "news"])
    assert result.exit_code == 0, result.output
    assert "feed 1:" in result.stdout
    duplicate = runner.invoke(app, ["feed", "add", "https://e.org/rss", "--account", "news"])
    assert duplicate.exit_code == 1 and "already posts" in duplicate.stderr
    unknown = runner.invoke(app, ["feed", "add", "https://e.org/rss", "--account", "nope"])
    assert unknown.exit_code == 1 and "no account named 'nope'" in unknown.stderr
    listed = runner.invoke(app, ["feed", "list", "--json"])
    assert [f["url"] for f in json.loads(listed.stdout)] == ["https://e.org/rss"]
    assert runner.invoke(app, ["feed", "remove", "1"]).exit_code == 0
    assert runner.invoke(app, ["feed", "remove", "1"]).exit_code == 1


def test_preview_tags_each_account_by_its_own_policy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, article: Path
) -> None:
    from socialpub.compose import topics

    if not topics.available():
        pytest.skip("the topic vectors are missing or stale")
    config = tmp_path / "two.toml"
    account = (
        '[accounts.{name}]\nplatform = "mastodon"\nbase_url = "https://social.example.org"\n'
        'token_env = "NEWS_TOKEN"\nhashtag_count = 5\n{extra}\n'
    )
    config.write_text(
        f'database_url = "sqlite:///{tmp_path / "db.sqlite"}"\n'
        + account.format(name="first", extra="hashtag_topics = false")
        + account.format(name="second", extra='hashtags_blocked = ["MultipleMyeloma"]'),
        "utf-8",
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    get_settings.cache_clear()
    result = runner.invoke(app, ["preview", str(article), "-p", "first", "-p", "second", "--json"])
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)["posts"]
    # the first account wants no topic tags, the second one does and blocks a tag of the text
    assert "topic" not in first["hashtag_kinds"].values()
    assert "topic" in second["hashtag_kinds"].values()
    assert "MultipleMyeloma" in first["hashtags"]
    assert "MultipleMyeloma" not in second["hashtags"]


def test_hashtags_batch_ranks_keyphrases_in_the_articles_language() -> None:
    text = (
        "Die Universität Freiburg eröffnet ein Zentrum für Klimaforschung. In Freiburg forschen "
        "dort vierzig Leute. Das Zentrum in Freiburg kostet die Universität zwei Millionen Euro."
    )
    result = runner.invoke(app, ["hashtags"], input=json.dumps({"id": "de", "text": text}) + "\n")
    assert result.exit_code == 0, result.output
    keyphrases = [k.lower() for k in json.loads(result.stdout)["keyphrases"]]
    assert "freiburg" in keyphrases
    assert not {"die", "ein", "das", "in"} & set(keyphrases), keyphrases
