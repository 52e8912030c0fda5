"""The command line as a person uses it: clear errors, readable tables, ``--json`` for programs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from socialpub.cli import app
from socialpub.settings import get_settings
from tests.processes import write_config

runner = CliRunner()

ARTICLE = """Campus bus timetable changes for winter

From 1 December the campus shuttle runs every 15 minutes between 07:00 and 22:00. Night buses
continue on Fridays and Saturdays. The new timetable is on the transport office's page.
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[Path]:
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": database_url,
            "timezone": "Europe/London",
            "accounts": {
                "outbox": {"platform": "outbox", "path": str(tmp_path / "out.jsonl")},
                "short": {
                    "platform": "outbox",
                    "path": str(tmp_path / "short.jsonl"),
                    "max_length": 120,
                },
            },
        },
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    get_settings.cache_clear()
    article = tmp_path / "bus.md"
    article.write_text(ARTICLE, "utf-8")
    yield article
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_compose_json_then_queue_cancel_and_reschedule(env: Path) -> None:
    code, out, _ = run(
        "compose", str(env), "-a", "outbox", "-a", "short", "--at", "2030-01-15T09:30", "--json"
    )
    assert code == 0
    made = json.loads(out)
    by_account = {d["account"]: d for d in made["deliveries"]}
    assert len(by_account["short"]["text"]) <= 120
    assert by_account["outbox"]["scheduled_at"] == "2030-01-15T09:30:00+00:00"  # London, winter
    assert by_account["outbox"]["scheduled_tz"] == "Europe/London"

    code, out, _ = run("queue")
    assert code == 0 and "2030-01-15 09:30 GMT" in out and "scheduled" in out

    short_id = str(by_account["short"]["id"])
    assert run("cancel", short_id, "--reason", "not for this account")[0] == 0
    code, _, err = run("cancel", short_id)
    assert code == 1 and "is cancelled and can no longer be cancelled" in err

    outbox_id = str(by_account["outbox"]["id"])
    code, out, _ = run("reschedule", outbox_id, "--at", "2030-07-01T09:30")
    assert code == 0 and "2030-07-01 09:30 BST" in out
    queued = json.loads(run("queue", "--json")[1])
    assert [(d["id"], d["due_at"]) for d in queued] == [
        (int(outbox_id), "2030-07-01T08:30:00+00:00")
    ]


def test_drafts_wait_until_approved(env: Path) -> None:
    made = json.loads(run("compose", str(env), "-a", "outbox", "--draft", "--json")[1])
    assert made["deliveries"][0]["state"] == "draft"
    code, out, _ = run("approve", str(made["post_id"]))
    assert code == 0 and "scheduled deliveries" in out
    assert run("approve", str(made["post_id"]))[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compose", "missing.md", "-a", "outbox"], "missing.md: no such file"),
        (["compose", "{article}", "-a", "nobody"], "no account named 'nobody'"),
        (["compose", "{article}", "-a", "outbox", "--at", "soon"], "cannot read 'soon' as a time"),
        (
            [
                "compose",
                "{article}",
                "-a",
                "outbox",
                "--at",
                "2030-01-01T09:00",
                "--tz",
                "Moon/Base",
            ],
            "unknown time zone 'Moon/Base'",
        ),
        (["cancel", "999"], "no delivery 999"),
        (["history", "--since", "yesterday-ish"], "cannot read 'yesterday-ish'"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_1(env: Path, args: list[str], message: str) -> None:
    code, out, err = run(*[a.replace("{article}", str(env)) for a in args])
    assert code == 1
    assert message in err
    assert "Traceback" not in out + err


def test_composing_the_same_article_twice_is_refused(env: Path) -> None:
    assert run("compose", str(env), "-a", "outbox")[0] == 0
    code, _, err = run("compose", str(env), "-a", "outbox")
    assert code == 1 and "already scheduled or published on outbox" in err
    assert run("compose", str(env), "-a", "outbox", "--allow-duplicate")[0] == 0


PAGE = b"""<!doctype html><html><head><title>Night buses return | City University</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Night buses return to campus</h1>
<p>Night buses return to campus from Friday, the transport office said on Monday. They will run
every 30 minutes between midnight and 4am on Fridays and Saturdays.</p>
<p>The service was suspended last year after a fall in passenger numbers.</p></article>
<footer>By using our site, you agree to our Terms. &copy; Copyright 2026 City University.
All rights reserved.</footer></body></html>"""


def test_compose_from_a_url_links_to_it_and_drops_the_page_furniture(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.compose.servers import respond, serve

    with serve({"/news/night-buses": respond(200, PAGE, "text/html; charset=utf-8")}) as (base, _):
        monkeypatch.setenv("SOCIALPUB_ALLOW_HOSTS", '["127.0.0.1"]')
        get_settings.cache_clear()
        code, out, err = run("compose", f"{base}/news/night-buses", "-a", "outbox", "--json")
    assert code == 0, err
    delivery = json.loads(out)["deliveries"][0]
    assert f"{base}/news/night-buses" in delivery["text"]
    assert "Night buses return to campus from Friday" in delivery["text"]
    assert "Copyright" not in delivery["text"] and "Terms" not in delivery["text"]


def test_compose_refuses_a_private_address_unless_allowed(env: Path) -> None:
    code, _, err = run("compose", "http://127.0.0.1:9/news", "-a", "outbox")
    assert code == 1 and "127.0.0.1" in err


def test_compose_uses_the_configured_abstractive_backend(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.compose.servers import chat, serve

    answer = (
        "Campus shuttles will run every 15 minutes from 1 December, with night buses at weekends."
    )
    with serve({"/v1/chat/completions": chat(answer)}) as (base, log):
        monkeypatch.setenv("SOCIALPUB_ABSTRACTIVE_URL", base + "/v1")
        get_settings.cache_clear()
        code, out, err = run("compose", str(env), "-a", "outbox", "--json")
    assert code == 0, err
    assert len(log) == 1
    assert json.loads(out)["deliveries"][0]["text"].startswith(answer)


def test_up_warns_when_renewed_tokens_could_not_be_kept() -> None:
    from socialpub.cli.run_cmds import token_warnings
    from tests.conftest import make_settings

    accounts = {
        "x-main": {"platform": "x", "client_id": "abc", "refresh_token_env": "XR"},
        "archive": {"platform": "outbox"},
    }
    warned = token_warnings(make_settings("sqlite://", accounts=accounts))
    assert len(warned) == 1 and "'x-main' (x)" in warned[0]
    keyed = make_settings("sqlite://", accounts=accounts, secret_key=Fernet.generate_key().decode())
    assert token_warnings(keyed) == []


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_an_image_with_alt_text_travels_from_compose_to_the_platform(
    env: Path, tmp_path: Path
) -> None:
    import random

    from socialpub.delivery.dispatch import dispatch_due
    from socialpub.runtime import Runtime
    from socialpub.store.models import utcnow
    from tests.integration.delivery.seed import publish_one

    (tmp_path / "bus.png").write_bytes(PNG)
    code, _out, err = run(
        "compose",
        str(env),
        "-a",
        "outbox",
        "--image",
        str(tmp_path / "bus.png"),
        "--alt",
        "A green campus shuttle at the library stop",
        "--json",
    )
    assert code == 0, err
    runtime = Runtime(get_settings())
    try:
        queue: list[int] = []
        dispatch_due(runtime.sessions, lambda ids, p: queue.extend(ids), now=utcnow())
        assert publish_one(runtime, queue[0], actor="w", rng=random.Random(1)) is not None
    finally:
        runtime.close()
    record = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert record["media"] == [
        {
            "filename": "bus.png",
            "mime_type": "image/png",
            "alt_text": "A green campus shuttle at the library stop",
            "bytes": len(PNG),
            "sha256": __import__("hashlib").sha256(PNG).hexdigest(),
        }
    ]


@pytest.mark.parametrize(
    ("files", "alts", "message"),
    [
        ({"a.png": PNG}, [], "give one --alt per --image (1 images, 0 alt texts)"),
        ({"a.png": b"%PDF-1.4"}, ["x"], "a.png: not a PNG, JPEG, GIF or WebP image"),
        (
            {"a.png": PNG, "b.png": PNG, "c.png": PNG, "d.png": PNG, "e.png": PNG},
            ["1", "2", "3", "4", "5"],
            "account outbox (outbox) takes at most 4 images",
        ),
    ],
)
def test_bad_images_are_refused_before_anything_is_stored(
    env: Path, tmp_path: Path, files: dict[str, bytes], alts: list[str], message: str
) -> None:
    args = ["compose", str(env), "-a", "outbox"]
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        args += ["--image", str(tmp_path / name)]
    for alt in alts:
        args += ["--alt", alt]
    code, _, err = run(*args)
    assert code == 1 and message in err
    assert json.loads(run("queue", "--json")[1]) == []


GERMAN = """Neues Zentrum für Klimaforschung eröffnet

Die Universität Leipzig hat am Montag ein neues Zentrum für Klimaforschung eröffnet, in dem
künftig 40 Forschende die Folgen von Hitzewellen für Städte untersuchen.

Das Zentrum wird vom Freistaat Sachsen mit 12 Millionen Euro gefördert.
"""


def test_a_posts_language_and_summary_engine_are_stored_and_shown(env: Path) -> None:
    german = env.with_name("klima.txt")
    german.write_text(GERMAN, "cp1252")  # an old Windows export: read in its own encoding
    code, out, err = run(
        "compose", str(german), "-a", "outbox", "--format", "text", "--at", "now", "--json"
    )
    assert code == 0, err
    code, out, _ = run("queue", "--json")  # no worker runs here: it waits in the queue
    (row,) = [r for r in json.loads(out) if "Klimaforschung" in r["text"]]
    assert row["language"] == "de" and row["summary_backend"] == "extractive"
    assert row["text"].startswith("Die Universität Leipzig hat am Montag")


def test_compose_refuses_what_is_no_text_in_one_line(env: Path) -> None:
    pdf = env.with_name("report.pdf")
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    code, _, err = run("compose", str(pdf), "-a", "outbox", "--at", "now")
    assert code != 0 and "a PDF document, not a text article" in err
    assert len(err.strip().splitlines()) == 1


def test_each_account_posts_the_tags_of_its_own_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    account = {"platform": "outbox", "hashtag_count": 2}
    config = write_config(
        tmp_path / "socialpub.toml",
        {
            "database_url": database_url,
            "accounts": {
                "leeds": {
                    **account,
                    "path": str(tmp_path / "a.jsonl"),
                    "organisation": "University of Leeds",
                },
                "plain": {**account, "path": str(tmp_path / "b.jsonl")},
            },
        },
    )
    monkeypatch.setenv("SOCIALPUB_CONFIG", str(config))
    get_settings.cache_clear()
    article = tmp_path / "bus.md"
    article.write_text(ARTICLE, "utf-8")
    try:
        code, out, err = run(
            "compose",
            str(article),
            "-a",
            "leeds",
            "-a",
            "plain",
            "--at",
            "2030-01-15T09:30",
            "--json",
        )
    finally:
        get_settings.cache_clear()
    assert code == 0, err
    texts = {d["account"]: d["text"] for d in json.loads(out)["deliveries"]}
    assert "#UniversityOfLeeds" in texts["leeds"]
    assert "#UniversityOfLeeds" not in texts["plain"]
