"""Security in a real browser: payloads come back escaped and never run, only http(s) links are
links, forms without the CSRF token are refused, staff get a styled 403 on admin pages and
actions, and a session ends at sign-out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from sqlalchemy import update

from socialpub.delivery import service
from socialpub.store.models import Delivery, utcnow
from tests.browser.chrome import PageChecks, chromium, sign_in, sign_out, wait
from tests.browser.site import Site, running_site

pytestmark = [pytest.mark.postgres]
PAYLOAD = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


@pytest.fixture
def site(
    tmp_path: Path, postgres_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    with running_site(tmp_path, postgres_url, redis_prefix, monkeypatch, workers=False) as s:
        yield s


def _pwned(driver: WebDriver) -> object:
    return driver.execute_script("return window.__pwned")


def _post_form(driver: WebDriver, action: str, fields: dict[str, str]) -> None:
    """Submit a form the page did not offer, as a forged or replayed request would."""
    driver.execute_script(
        """
        const form = document.createElement('form');
        form.method = 'post'; form.action = arguments[0];
        for (const [k, v] of Object.entries(arguments[1])) {
          const input = document.createElement('input');
          input.type = 'hidden'; input.name = k; input.value = v; form.appendChild(input);
        }
        document.body.appendChild(form); form.submit();
        """,
        action,
        fields,
    )
    wait(driver).until(EC.presence_of_element_located((By.TAG_NAME, "h1")))


@pytest.mark.timeout(300)
def test_escaping_csrf_roles_and_sign_out_in_a_browser(site: Site) -> None:
    with chromium() as driver:
        checks = PageChecks(driver)
        sign_in(driver, site.base, site.email("staff"), site.password)
        driver.get(f"{site.base}/compose")
        driver.find_element(By.ID, "text").send_keys(f"Title {PAYLOAD}\n\nA sentence {PAYLOAD}.")
        driver.find_element(By.ID, "hashtags").send_keys(PAYLOAD)
        driver.find_element(By.ID, "image_alt_1").send_keys(PAYLOAD)
        driver.find_element(
            By.CSS_SELECTOR, "input[name=accounts][value='newsroom-mastodon']"
        ).click()
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#preview [data-account]"))
        assert _pwned(driver) is None
        assert not driver.find_elements(By.CSS_SELECTOR, "#preview img, #preview script")
        driver.find_element(By.CSS_SELECTOR, "button[name=action][value=submit]").click()
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
        assert _pwned(driver) is None and "<script>window.__pwned" not in driver.page_source

        # a form post without the CSRF token is refused with a page that says why
        _post_form(driver, "/compose", {"text": "x", "accounts": "newsroom-mastodon"})
        assert driver.find_element(By.TAG_NAME, "h1").text == "Not allowed"
        assert "did not come from this site" in driver.page_source

        # staff on admin pages and admin actions: a styled 403, never JSON
        for path in ("/people", "/feeds", "/status", "/history", "/audit"):
            driver.get(site.base + path)
            assert driver.find_element(By.TAG_NAME, "h1").text == "Not allowed", path
        driver.get(f"{site.base}/compose")
        token = driver.find_element(By.CSS_SELECTOR, "meta[name=csrf-token]").get_attribute(
            "content"
        )
        _post_form(driver, "/status/pause", {"reason": "staff try", "csrf_token": token or ""})
        assert driver.find_element(By.TAG_NAME, "h1").text == "Not allowed"
        checks.check("forbidden-action")

        # the session ends at sign-out: the old cookie no longer signs anyone in
        cookie = driver.get_cookie("socialpub_session")
        assert cookie is not None
        sign_out(driver)
        driver.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
        driver.get(f"{site.base}/compose")
        assert driver.current_url.startswith(f"{site.base}/login")

        # a platform answering with a javascript: URL gets no link in History
        with site.runtime.sessions.begin() as session:
            post = service.create_post(
                session,
                service.ComposeRequest(
                    raw="Bridge works\n\nThe old bridge closes for repairs in March.",
                    accounts=[site.runtime.account("newsroom-mastodon")],
                    when=utcnow(),
                    tz="UTC",
                    author="test",
                ),
                site.runtime.limits_for,
                actor="test",
            )
            session.execute(
                update(Delivery)
                .where(Delivery.post_id == post.id)
                .values(
                    state="published",
                    remote_id=PAYLOAD,
                    remote_url="javascript:window.__pwned=3",
                    published_at=utcnow(),
                )
            )
        sign_in(driver, site.base, site.email("admin"), site.password)
        driver.get(f"{site.base}/history")
        assert "Bridge works" in driver.page_source or "old bridge" in driver.page_source
        assert not driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
        assert _pwned(driver) is None
        for name in ("people", "feeds", "import", "mine"):
            driver.get(f"{site.base}/{name}")
            assert _pwned(driver) is None
            checks.check(name)
    assert not checks.problems, "\n".join(checks.problems)
