"""The team's day in a real browser, from compose to the audit log, with workers publishing to
the Mastodon and Bluesky stand-ins; every page checked at desktop and phone size with axe-core.

One test on purpose: each step needs the state the one before it left, and starting Chromium
and the workers once keeps the run to a few minutes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from sqlalchemy import select

from socialpub.delivery import service
from socialpub.store.models import AuditEvent, Delivery, Post, utcnow
from tests.browser.chrome import PageChecks, chromium, sign_in, sign_out, wait
from tests.browser.site import Site, png, running_site
from tests.processes import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]
BERLIN = ZoneInfo("Europe/Berlin")
ARTICLE = """City library opens until midnight for exam season

The central library will stay open until midnight from Monday to the end of the exam season.
Students asked for more quiet space to study in the evenings, the head librarian said.
Extra staff will run the reading rooms, and the café stays open until ten.
"""
MASTODON_TEXT = "Our central library now stays open until midnight through exam season. #Library"


@pytest.fixture
def site(
    tmp_path: Path, postgres_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    with running_site(tmp_path, postgres_url, redis_prefix, monkeypatch) as running:
        yield running


def _set_value(driver: WebDriver, element_id: str, value: str) -> None:
    """Set an input the way a person's picker would (datetime-local typing is locale-bound)."""
    driver.execute_script(
        "const el = document.getElementById(arguments[0]); el.value = arguments[1];"
        "el.dispatchEvent(new Event('input', {bubbles: true}));"
        "el.dispatchEvent(new Event('change', {bubbles: true}));",
        element_id,
        value,
    )


def _local_minute(after: timedelta) -> str:
    when = (utcnow() + after).astimezone(BERLIN)
    when = when.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return when.strftime("%Y-%m-%dT%H:%M")


def _deliveries(site: Site, post_id: int) -> dict[str, Delivery]:
    with site.runtime.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.post_id == post_id)).all()
        return {d.account: d for d in rows}


def _compose(driver: WebDriver, site: Site, checks: PageChecks, image: Path) -> int:
    driver.get(f"{site.base}/compose")
    driver.find_element(By.ID, "text").send_keys(ARTICLE)
    for name in ("newsroom-mastodon", "newsroom-bluesky"):
        driver.find_element(By.CSS_SELECTOR, f"input[name=accounts][value='{name}']").click()
    # the live preview: one card per account, from the server's compose engine
    wait(driver).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#preview [data-account]")) == 2
    )
    box = driver.find_element(By.ID, "text_newsroom-mastodon")
    box.clear()
    box.send_keys(MASTODON_TEXT)
    wait(driver).until(
        lambda d: (
            "your text"
            in d.find_element(By.CSS_SELECTOR, "[data-account='newsroom-mastodon'] .count").text
        )
    )
    # two images: the second has no alt text yet, and the preview says so for that image
    driver.find_element(By.ID, "image_1").send_keys(str(image))
    driver.find_element(By.ID, "image_alt_1").send_keys("The library's reading room at night")
    driver.find_element(By.ID, "image_2").send_keys(str(image))
    wait(driver).until(
        lambda d: (
            "no alt text yet" in d.find_element(By.ID, "preview").text
            and "has no alt text" in d.find_element(By.ID, "preview").text
        )
    )
    driver.find_element(By.CSS_SELECTOR, "input[name=when_mode][value=at]").click()
    _set_value(driver, "at", _local_minute(timedelta(seconds=100)))
    # typed last, so the preview waited for below is the last one the page asks for
    driver.find_element(By.ID, "image_alt_2").send_keys("The café by the reading room")
    wait(driver).until(
        lambda d: (
            "The café by the reading room" in d.find_element(By.ID, "preview").text
            and "no alt text yet" not in d.find_element(By.ID, "preview").text
        )
    )
    # adding a suggested hashtag: the accounts not edited by hand use exactly the tags chosen
    button = driver.find_element(By.CSS_SELECTOR, "[data-add-tag]")
    tag = "#" + (button.get_attribute("data-add-tag") or "")
    button.click()
    wait(driver).until(
        lambda d: (
            d.find_element(By.ID, "hashtags").get_attribute("value") == tag
            and f"Hashtags: {tag}"
            in d.find_element(By.CSS_SELECTOR, "[data-account='newsroom-bluesky'] .view").text
        )
    )
    # what the person typed survived every refresh of the preview
    assert (
        driver.find_element(By.ID, "text_newsroom-mastodon").get_attribute("value") == MASTODON_TEXT
    )
    checks.check("compose")
    driver.find_element(By.CSS_SELECTOR, "button[name=action][value=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
    checks.check("my-posts")
    return int(driver.find_element(By.CSS_SELECTOR, "p.ok").text.split()[1])


def _approve(driver: WebDriver, site: Site, post_id: int) -> None:
    driver.get(f"{site.base}/approvals")
    driver.find_element(By.XPATH, f"//button[text()='Approve post {post_id}']").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok, p.alert")))
    late = driver.find_elements(By.ID, f"at-{post_id}")
    if late:  # the stored time passed while it waited: the approver gives a new one
        _set_value(driver, f"at-{post_id}", _local_minute(timedelta(seconds=0)))
        driver.find_element(By.XPATH, f"//button[text()='Approve post {post_id}']").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))


def _drag(driver: WebDriver, delivery_id: int, day: str) -> None:
    """An HTML5 drag and drop, as the browser fires it for a mouse drag."""
    driver.execute_script(
        """
        const item = document.querySelector(`[data-delivery="${arguments[0]}"]`);
        const cell = document.querySelector(`[data-drop="${arguments[1]}"]`);
        const data = new DataTransfer();
        const opts = {bubbles: true, cancelable: true, dataTransfer: data};
        item.dispatchEvent(new DragEvent('dragstart', opts));
        cell.dispatchEvent(new DragEvent('dragover', opts));
        cell.dispatchEvent(new DragEvent('drop', opts));
        """,
        delivery_id,
        day,
    )


@pytest.mark.timeout(600)
def test_compose_review_publish_history_calendar_and_pause_in_a_browser(
    site: Site, tmp_path: Path
) -> None:
    image = tmp_path / "reading-room.png"
    image.write_bytes(png())
    with chromium() as driver:
        checks = PageChecks(driver)
        driver.get(f"{site.base}/login")
        checks.check("sign-in")

        # staff compose, with the Mastodon text edited and two images, each with its alt text
        sign_in(driver, site.base, site.email("staff"), site.password)
        post_id = _compose(driver, site, checks, image)
        first = _deliveries(site, post_id)
        assert {d.state for d in first.values()} == {"draft"}
        assert first["newsroom-mastodon"].text == MASTODON_TEXT
        assert first["newsroom-bluesky"].text != MASTODON_TEXT
        with site.runtime.sessions() as session:
            made = session.get(Post, post_id)
            assert made is not None
            assert [m.alt_text for m in made.media] == [
                "The library's reading room at night",
                "The café by the reading room",
            ]
        driver.get(f"{site.base}/audit")
        assert "Not allowed" in driver.find_element(By.TAG_NAME, "h1").text
        checks.check("forbidden")
        sign_out(driver)

        # the approver rejects it with a comment
        sign_in(driver, site.base, site.email("approver"), site.password)
        driver.get(f"{site.base}/approvals")
        assert f"Post {post_id}" in driver.page_source
        assert "reading room at night" in driver.page_source
        checks.check("approvals")
        driver.find_element(By.ID, f"comment-{post_id}").send_keys(
            "Say when the late opening ends."
        )
        driver.find_element(By.XPATH, f"//button[text()='Reject post {post_id}']").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
        sign_out(driver)

        # the author reads the comment, edits the Bluesky text and resubmits
        sign_in(driver, site.base, site.email("staff"), site.password)
        driver.get(f"{site.base}/mine")
        assert "Say when the late opening ends." in driver.page_source
        driver.find_element(By.LINK_TEXT, f"Edit and resubmit post {post_id}").click()
        checks.check("edit")
        bluesky_id = first["newsroom-bluesky"].id
        box = driver.find_element(By.ID, f"text_{bluesky_id}")
        box.clear()
        box.send_keys("The central library stays open until midnight until exams end on 20 June.")
        driver.find_element(By.CSS_SELECTOR, "button[value=resubmit]").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
        assert "until exams end on 20 June" in _deliveries(site, post_id)["newsroom-bluesky"].text
        sign_out(driver)

        # the approver approves; the workers publish both
        sign_in(driver, site.base, site.email("approver"), site.password)
        _approve(driver, site, post_id)
        sign_out(driver)

        # meanwhile an admin drags another post to the next day on the calendar
        sign_in(driver, site.base, site.email("admin"), site.password)
        today = utcnow().astimezone(BERLIN).date()
        wednesday = today + timedelta(days=(2 - today.weekday()) % 7 or 7)
        due = datetime.combine(wednesday, time(10, 0), BERLIN)
        with site.runtime.sessions.begin() as session:
            other = service.create_post(
                session,
                service.ComposeRequest(
                    raw="Museum night\n\nThe city museum opens late on Friday with free entry.",
                    accounts=[site.runtime.account("newsroom-mastodon")],
                    when=due,
                    tz="Europe/Berlin",
                    author="web:Sam Staff <sam@example.org>",
                ),
                site.runtime.limits_for,
                actor="test",
            )
            moved_id = other.deliveries[0].id
        driver.get(f"{site.base}/calendar?view=week&day={wednesday.isoformat()}")
        checks.check("calendar-week")
        # to the next day's 14:00 row of the week: the day and the time of day both change
        _drag(driver, moved_id, (wednesday + timedelta(days=1)).isoformat() + "T14:00")
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
        with site.runtime.sessions() as session:
            moved = session.get(Delivery, moved_id)
            assert moved is not None
            assert moved.due_at == datetime.combine(wednesday + timedelta(days=1), time(14), BERLIN)
            events = session.scalars(
                select(AuditEvent).where(
                    AuditEvent.subject_type == "delivery", AuditEvent.subject_id == moved_id
                )
            ).all()
        assert events[-1].kind == "rescheduled" and "Ada Admin" in events[-1].actor
        driver.get(f"{site.base}/calendar?view=month&day={wednesday.isoformat()}")
        checks.check("calendar-month")

        def published() -> dict[str, Delivery] | None:
            rows = _deliveries(site, post_id)
            return rows if all(d.state == "published" for d in rows.values()) else None

        done = wait_for(published, timeout=240, interval=1.0, what="both deliveries published")
        toots = site.mastodon.posts_by("newsroom")
        assert [t.text for t in toots] == [MASTODON_TEXT]
        assert len(site.bluesky.posts()) == 1

        # the admin finds both in History with their links, filters, and exports CSV
        driver.get(f"{site.base}/history")
        links = {a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "td a")}
        for d in done.values():
            assert d.remote_url and d.remote_url in links
        checks.check("history")
        driver.find_element(By.ID, "f-account").send_keys("newsroom-mastodon")
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        wait(driver).until(lambda d: "account=newsroom-mastodon" in d.current_url)
        shown = driver.find_element(By.TAG_NAME, "tbody").text
        assert "newsroom-mastodon" in shown and "newsroom-bluesky" not in shown
        export = driver.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
        cookie = driver.get_cookie("socialpub_session")
        assert cookie is not None and cookie["httpOnly"]
        answer = httpx.get(export, cookies={"socialpub_session": cookie["value"]}, timeout=10)
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        mastodon_row = done["newsroom-mastodon"]
        assert [(r["delivery_id"], r["text"], r["url"], r["state"]) for r in rows] == [
            (str(mastodon_row.id), mastodon_row.text, mastodon_row.remote_url, "published")
        ]
        assert datetime.fromisoformat(rows[0]["published_at"]) == mastodon_row.published_at
        driver.get(f"{site.base}/audit?post={post_id}")
        assert "rejected" in driver.page_source and "Alex Approver" in driver.page_source
        checks.check("audit")

        # pause-all holds a due post; resuming publishes it exactly once
        driver.get(f"{site.base}/status")
        driver.find_element(By.ID, "reason").send_keys("Checking a wrong press release")
        driver.find_element(By.XPATH, "//button[text()='Pause all publishing']").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".banner")))
        checks.check("status-paused")
        with site.runtime.sessions.begin() as session:
            held_post = service.create_post(
                session,
                service.ComposeRequest(
                    raw="Pool closed\n\nThe city pool is closed on Sunday for cleaning.",
                    accounts=[site.runtime.account("newsroom-mastodon")],
                    when=utcnow(),
                    tz="Europe/Berlin",
                    author="web:Ada Admin <ada@example.org>",
                ),
                site.runtime.limits_for,
                actor="test",
            )
            held_id = held_post.deliveries[0].id

        def state_of(delivery_id: int) -> str:
            with site.runtime.sessions() as session:
                found = session.get(Delivery, delivery_id)
                assert found is not None
                return found.state

        wait_for(lambda: state_of(held_id) == "held", timeout=60, what="the due post held")
        assert len(site.mastodon.posts_by("newsroom")) == 1
        driver.get(f"{site.base}/status")
        driver.find_element(By.XPATH, "//button[text()='Resume publishing']").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
        assert not driver.find_elements(By.CSS_SELECTOR, ".banner")
        wait_for(
            lambda: state_of(held_id) == "published", timeout=90, what="released and published"
        )
        with site.runtime.sessions() as session:
            held_text = session.get(Delivery, held_id).text  # type: ignore[union-attr]
            assert session.get(Post, held_post.id) is not None
        assert [t.text for t in site.mastodon.posts_by("newsroom")].count(held_text) == 1

        driver.get(f"{site.base}/me")
        checks.check("me")
        driver.get(f"{site.base}/no/such/page")
        checks.check("not-found")
    assert not checks.problems, "\n".join(checks.problems)
