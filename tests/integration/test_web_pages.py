"""The pages over real HTTP without a browser: the compose preview, submit, many posts at once,
cancel from My posts, and what staff may not do. (The browser tests drive the same pages.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from socialpub.api.app import create_app
from socialpub.runtime import Runtime
from socialpub.store.models import AuditEvent, Delivery, Post
from socialpub.store.tokens import Role
from tests.browser.site import png
from tests.platform_servers.runner import run_server
from tests.web import add_person, csrf_in, sign_in

ARTICLE = "Library hours\n\nThe main library will open until midnight in exam season."
PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={
            "outbox": {"platform": "outbox", "path": "outbox.jsonl"},
            "second": {"platform": "outbox", "path": "second.jsonl"},
        },
        require_approval=True,
        timezone="Europe/Berlin",
    )
    add_person(rt, "sam@example.org", Role.STAFF, "Sam Staff")
    add_person(rt, "kim@example.org", Role.STAFF, "Kim Staff")
    add_person(rt, "alex@example.org", Role.APPROVER, "Alex Approver")
    return rt


@pytest.fixture
def base(runtime: Runtime) -> Iterator[str]:
    with run_server(create_app(runtime)) as url:
        yield url


@contextmanager
def signed_in(base: str, email: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=20) as client:
        assert sign_in(client, email).status_code == 303
        yield client


def test_preview_shows_each_account_and_escapes_what_it_is_given(base: str) -> None:
    with signed_in(base, "sam@example.org") as client:
        token = csrf_in(client.get("/compose").text)
        form = {
            "csrf_token": token,
            "text": f"{ARTICLE} {PAYLOAD}",
            "accounts": ["outbox", "second"],
            "hashtags": "#Exams Library",
            "dirty_second": "1",
            "text_second": f"My own words {PAYLOAD}",
        }
        answer = client.post("/compose/preview", data=form)
        assert answer.status_code == 200
        assert answer.text.count("data-account=") == 2
        assert "#Exams" in answer.text and "your text" in answer.text
        assert "<script>alert" not in answer.text and "&lt;script&gt;" in answer.text
        assert "<img src=x" not in answer.text
        refused = client.post("/compose/preview", data={**form, "csrf_token": "forged"})
        assert refused.status_code == 403


def test_submit_stores_exactly_the_previewed_text_as_drafts(base: str, runtime: Runtime) -> None:
    with signed_in(base, "sam@example.org") as client:
        token = csrf_in(client.get("/compose").text)
        made = client.post(
            "/compose",
            data={
                "csrf_token": token,
                "action": "submit",
                "text": ARTICLE,
                "accounts": ["outbox", "second"],
                "dirty_second": "1",
                "text_second": "Late opening at the library all exam season.",
                "when_mode": "now",
            },
        )
        assert made.status_code == 303 and made.headers["location"].startswith("/mine?made=")
        past = client.post(
            "/compose",
            data={
                "csrf_token": token,
                "action": "submit",
                "text": ARTICLE + " again",
                "accounts": ["outbox"],
                "when_mode": "at",
                "at": "2020-01-01T10:00",
            },
        )
        assert past.status_code == 422 and "passed" in past.text
    with runtime.sessions() as session:
        rows = {d.account: d for d in session.scalars(select(Delivery))}
        post = session.scalars(select(Post)).one()
    assert {d.state for d in rows.values()} == {"draft"}
    assert rows["second"].text == "Late opening at the library all exam season."
    assert post.author == "web:Sam Staff <sam@example.org>"


def test_a_persons_own_text_is_not_blamed_for_the_tags_chosen_for_the_others(
    runtime_factory: Any,
) -> None:
    rt: Runtime = runtime_factory(
        accounts={
            "outbox": {"platform": "outbox", "path": "outbox.jsonl", "hashtag_count": 1},
            "second": {"platform": "outbox", "path": "second.jsonl", "hashtag_count": 1},
        }
    )
    add_person(rt, "sam@example.org", Role.STAFF, "Sam Staff")
    with run_server(create_app(rt)) as base, signed_in(base, "sam@example.org") as client:
        token = csrf_in(client.get("/compose").text)
        form = {
            "csrf_token": token,
            "text": ARTICLE,
            "accounts": ["outbox", "second"],
            "hashtags": "#Exams",
            "text_outbox": "The library opens until midnight in exam season. #Library",
            "dirty_outbox": "1",
        }
        shown = client.post("/compose/preview", data=form).text
        own = shown[shown.index('data-account="outbox"') : shown.index('data-account="second"')]
        assert "your text" in own and "2 hashtags" not in own


def test_several_images_each_with_its_own_alt_text(base: str, runtime: Runtime) -> None:
    image = ("room.png", png(), "image/png")
    with signed_in(base, "sam@example.org") as client:
        token = csrf_in(client.get("/compose").text)
        form = {"csrf_token": token, "text": ARTICLE, "accounts": "outbox", "action": "preview"}
        form["image_alt_1"] = "The reading room"
        files = [("image_1", image), ("image_2", ("cafe.png", png(), "image/png"))]
        shown = client.post("/compose", data=form, files=files)
        # the preview names each image; the one without alt text is warned about, by name
        assert shown.status_code == 200
        assert "Image 1: room.png" in shown.text and "The reading room" in shown.text
        assert "Image 2: cafe.png" in shown.text and "no alt text yet" in shown.text
        assert "image cafe.png has no alt text" in shown.text
        refused = client.post("/compose", data={**form, "action": "submit"}, files=files)
        assert refused.status_code == 422 and "cafe.png: give it alt text" in refused.text
        form.update(action="submit", image_alt_2="The café next door")
        made = client.post("/compose", data=form, files=files)
        assert made.status_code == 303, made.text
    with runtime.sessions() as session:
        post = session.scalars(select(Post)).one()
        assert [(m.alt_text) for m in post.media] == ["The reading room", "The café next door"]


def test_staff_cancel_their_own_deliveries_only(base: str, runtime: Runtime) -> None:
    with signed_in(base, "sam@example.org") as sam:
        token = csrf_in(sam.get("/compose").text)
        sam.post(
            "/compose",
            data={"csrf_token": token, "action": "submit", "text": ARTICLE, "accounts": "outbox"},
        )
    with runtime.sessions() as session:
        delivery_id = session.scalars(select(Delivery.id)).one()
    with signed_in(base, "kim@example.org") as kim:
        token = csrf_in(kim.get("/mine").text)
        other = kim.post(f"/deliveries/{delivery_id}/cancel", data={"csrf_token": token})
        assert other.status_code == 403 and "<nav" in other.text
    with signed_in(base, "sam@example.org") as sam:
        page = sam.get("/mine").text
        assert f"Cancel delivery {delivery_id}" in page
        own = sam.post(f"/deliveries/{delivery_id}/cancel", data={"csrf_token": csrf_in(page)})
        assert own.status_code == 303
    with runtime.sessions() as session:
        assert session.get(Delivery, delivery_id).state == "cancelled"  # type: ignore[union-attr]


def test_csv_import_reports_rejected_rows_and_recurring_makes_a_series(
    base: str, runtime: Runtime
) -> None:
    csv_text = (
        "text,link,accounts,time,image_url,alt_text\n"
        "The pool reopens on Monday after repairs.,,outbox,2099-01-05T09:00,,\n"
        "Nobody hears this.,,nowhere,2099-01-05T09:00,,\n"
    )
    with signed_in(base, "sam@example.org") as client:
        token = csrf_in(client.get("/import").text)
        report = client.post(
            "/import",
            data={"csrf_token": token},
            files={"file": ("posts.csv", csv_text.encode(), "text/csv")},
        )
        assert report.status_code == 200
        assert "1 drafts made, 1 rows rejected" in report.text and "Row 3" in report.text
        series = client.post(
            "/recurring",
            data={
                "csrf_token": token,
                "text": "Weekly reminder: the library's study rooms can be booked online.",
                "accounts": "outbox",
                "first": "2099-03-20T09:00",
                "every": "week",
                "until": "2099-04-10",
            },
        )
        assert series.status_code == 303, series.text
    with runtime.sessions() as session:
        assert len(session.scalars(select(Post)).all()) == 1 + 4


def test_the_calendar_form_moves_a_post_and_refuses_a_past_time(
    base: str, runtime: Runtime
) -> None:
    with signed_in(base, "sam@example.org") as client:
        token = csrf_in(client.get("/compose").text)
        client.post(
            "/compose",
            data={
                "csrf_token": token,
                "action": "submit",
                "text": ARTICLE,
                "accounts": "outbox",
                "when_mode": "at",
                "at": "2099-06-10T09:00",
            },
        )
        with runtime.sessions() as session:
            delivery_id = session.scalars(select(Delivery.id)).one()
        week = client.get("/calendar?view=week&day=2099-06-10").text
        assert f'data-delivery="{delivery_id}"' in week and "09:00" in week
        # the week has a drop target for every hour of every day, so a drag sets the hour
        for hour in ("06:00", "09:00", "22:00"):
            assert f'data-drop="2099-06-11T{hour}"' in week
        nine = week.index('data-drop="2099-06-10T09:00"')
        assert week.index(f'data-delivery="{delivery_id}"', nine) < week.index("</td>", nine)
        month = client.get("/calendar?view=month&day=2099-06-10")
        assert month.status_code == 200 and f"Move delivery {delivery_id}" in month.text
        past = client.post(
            f"/calendar/move/{delivery_id}", data={"csrf_token": token, "at": "2001-01-01T10:00"}
        )
        assert past.status_code == 303 and "problem=" in past.headers["location"]
        # what a drop on Thursday's 14:00 row sends: another day and another time of day
        moved = client.post(
            f"/calendar/move/{delivery_id}", data={"csrf_token": token, "at": "2099-06-11T14:00"}
        )
        assert moved.status_code == 303 and f"moved={delivery_id}" in moved.headers["location"]
        later = client.get("/calendar?view=week&day=2099-06-10").text
        two = later.index('data-drop="2099-06-11T14:00"')
        assert later.index(f'data-delivery="{delivery_id}"', two) < later.index("</td>", two)
    with runtime.sessions() as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None and delivery.state == "draft"  # a draft stays a draft
        # 14:00 in Berlin (the installation's zone) in summer is 12:00 UTC
        assert delivery.due_at.isoformat() == "2099-06-11T12:00:00+00:00"
        moves = session.scalars(
            select(AuditEvent).where(
                AuditEvent.subject_id == delivery_id, AuditEvent.kind == "rescheduled"
            )
        ).all()
        assert [m.actor for m in moves] == ["web:Sam Staff <sam@example.org>"]


def test_reject_with_a_comment_then_edit_and_resubmit(base: str, runtime: Runtime) -> None:
    with signed_in(base, "sam@example.org") as sam:
        token = csrf_in(sam.get("/compose").text)
        sam.post(
            "/compose",
            data={"csrf_token": token, "action": "submit", "text": ARTICLE, "accounts": "outbox"},
        )
    with runtime.sessions() as session:
        post = session.scalars(select(Post)).one()
        before = post.deliveries[0].text
    with signed_in(base, "alex@example.org") as alex:
        inbox = alex.get("/approvals").text
        assert f"Reject post {post.id}" in inbox
        empty = alex.post(f"/approvals/{post.id}/reject", data={"csrf_token": csrf_in(inbox)})
        assert empty.status_code == 409 and "comment is empty" in empty.text
        rejected = alex.post(
            f"/approvals/{post.id}/reject",
            data={"csrf_token": csrf_in(inbox), "comment": f"Name the dates {PAYLOAD}"},
        )
        assert rejected.status_code == 303
    with signed_in(base, "sam@example.org") as sam:
        mine = sam.get("/mine").text
        assert "Name the dates &lt;script&gt;" in mine and "<script>alert" not in mine
        page = sam.get(f"/posts/{post.id}/edit").text
        delivery_id = post.deliveries[0].id
        tags = " ".join("#" + t for t in post.hashtags)
        saved = sam.post(
            f"/posts/{post.id}/edit",
            data={
                "csrf_token": csrf_in(page),
                "hashtags": tags,
                f"text_{delivery_id}": "Open until midnight from 1 to 20 June.",
                "action": "resubmit",
            },
        )
        assert saved.status_code == 303
    with runtime.sessions() as session:
        again = session.get(Post, post.id)
        assert again is not None and again.approval == "draft"
        after = again.deliveries[0].text
    assert after.startswith("Open until midnight from 1 to 20 June.")
    # the account keeps the tags it had, not every tag the engine ranked for the article
    kept = [w for w in before.split() if w.startswith("#")]
    assert [w for w in after.split() if w.startswith("#")] == kept
