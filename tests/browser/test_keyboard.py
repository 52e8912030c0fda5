"""Keyboard only: sign in, compose, pick accounts and submit with Tab, Enter and Space (and
typing), in a real Chromium. At every stop the focused control must show a visible focus
indicator, and Tab must reach every control on the compose page, before and after the preview.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from sqlalchemy import select

from socialpub.store.models import Delivery
from tests.browser.chrome import chromium, wait
from tests.browser.site import Site, running_site

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]
ARTICLE = (
    "Swimming pool reopens after repairs\n\n"
    "The town's swimming pool opens again on Saturday after two months of repairs. "
    "The roof was mended and the changing rooms were painted. Lessons start next week."
)
CONTROLS = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)
# Numbers every visible control (a radio group is one stop, as browsers make it).
_MARK = """
let n = 0;
for (const el of document.querySelectorAll(arguments[0])) {
  if (el.disabled || !el.getClientRects().length) { delete el.dataset.kb; continue; }
  el.dataset.kb = el.type === 'radio' ? 'radio:' + el.name : String(n++);
}
return Array.from(new Set(Array.from(document.querySelectorAll('[data-kb]'), e => e.dataset.kb)));
"""
# What has focus, and whether it shows: an outline or a box shadow drawn for focus.
_FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const cs = getComputedStyle(el);
const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0)
  || cs.boxShadow !== 'none';
return {kb: el.dataset.kb || null, id: el.id, tag: el.tagName, name: el.name || '',
        label: (el.textContent || el.value || '').trim().slice(0, 40), ring: ring,
        style: cs.outlineStyle + ' ' + cs.outlineWidth, focus: el.matches(':focus')};
"""


@pytest.fixture
def site(
    tmp_path: Path, postgres_url: str, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    with running_site(tmp_path, postgres_url, redis_prefix, monkeypatch, workers=False) as s:
        yield s


def _press(driver: WebDriver, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def _focused(driver: WebDriver) -> dict[str, Any] | None:
    found: dict[str, Any] | None = driver.execute_script(_FOCUSED)
    return found


def _tab_to(driver: WebDriver, wanted: str, most: int = 200) -> dict[str, Any]:
    """Press Tab until the control ``wanted`` (a CSS selector) has focus; every control passed
    on the way must show its focus."""
    for _ in range(most):
        _press(driver, Keys.TAB)
        now = _focused(driver)
        if now is None:
            continue
        assert now["ring"], f"no visible focus on {now}"
        if driver.execute_script("return document.activeElement.matches(arguments[0])", wanted):
            return now
    raise AssertionError(f"Tab never reached {wanted}")


def _every_control_reached(driver: WebDriver) -> None:
    """Going round the page with Tab (it wraps at the end) reaches every control, each
    visibly."""
    controls = set(driver.execute_script(_MARK, CONTROLS))
    reached: set[str] = set()
    for _ in range(len(controls) * 3 + 10):
        _press(driver, Keys.TAB)
        now = _focused(driver)
        if now is None:
            continue
        assert now["ring"], f"no visible focus on {now}"
        if now["kb"] is not None:
            reached.add(now["kb"])
        if reached >= controls:
            break
    assert reached >= controls, f"Tab never reaches controls {sorted(controls - reached)}"


def test_sign_in_compose_pick_accounts_and_submit_with_the_keyboard_only(site: Site) -> None:
    with chromium() as driver:
        driver.get(f"{site.base}/login")
        _tab_to(driver, "#email")
        _press(driver, site.email("staff"))
        _tab_to(driver, "#password")
        _press(driver, site.password)
        _tab_to(driver, "form[action='/login'] button[type=submit]")
        _press(driver, Keys.ENTER)
        wait(driver).until(EC.presence_of_element_located((By.ID, "compose")))

        _every_control_reached(driver)
        _tab_to(driver, "#text")
        _press(driver, ARTICLE)
        for name in ("newsroom-mastodon", "newsroom-bluesky"):
            _tab_to(driver, f"input[name=accounts][value='{name}']")
            _press(driver, Keys.SPACE)
        wait(driver).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, "#preview [data-account]")) == 2
        )
        picked = driver.find_elements(By.CSS_SELECTOR, "input[name=accounts]:checked")
        assert {e.get_attribute("value") for e in picked} == {
            "newsroom-mastodon",
            "newsroom-bluesky",
        }
        # the preview's own controls (tags, per-account texts, reset buttons) are reachable too
        _every_control_reached(driver)
        _tab_to(driver, "button[name=action][value=submit]")
        _press(driver, Keys.SPACE)
        wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.ok")))
        post_id = int(driver.find_element(By.CSS_SELECTOR, "p.ok").text.split()[1])
    with site.runtime.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.post_id == post_id)).all()
        assert {d.account for d in rows} == {"newsroom-mastodon", "newsroom-bluesky"}
        assert all("swimming pool" in d.text.lower() for d in rows)
