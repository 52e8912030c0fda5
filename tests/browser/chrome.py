"""A real headless Chromium (Debian's ``chromium`` + ``chromium-driver``) driven by Selenium, with
helpers the browser tests share: sign in, screenshots at two sizes, and an axe-core check.

Nothing is downloaded at run time: the browser and driver come from Debian packages, axe-core
from the npm package ``.ci/run`` installs under ``var/npm`` (``SOCIALPUB_TEST_AXE_JS`` overrides).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.processes import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
AXE_JS = Path(
    os.environ.get("SOCIALPUB_TEST_AXE_JS", REPO / "var/npm/node_modules/axe-core/axe.min.js")
)
SCREENSHOTS = Path(os.environ.get("SOCIALPUB_SCREENSHOTS", REPO / "var/screenshots"))
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM or not DRIVER:
        return (
            "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        )
    if not AXE_JS.is_file():
        return f"needs axe-core at {AXE_JS} (npm install --prefix var/npm axe-core)"
    return None


@contextmanager
def chromium() -> Iterator[WebDriver]:
    profile = tempfile.mkdtemp(prefix="socialpub-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        "--lang=en-GB",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: WebDriver, timeout: float = 15.0) -> WebDriverWait[WebDriver]:
    # the page's script replaces the preview while a condition reads it: an element found a
    # moment ago may be gone, which means "not yet", not a failure
    return WebDriverWait(
        driver,
        timeout,
        ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
    )


def sign_in(driver: WebDriver, base: str, email: str, password: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "header nav")))


def sign_out(driver: WebDriver) -> None:
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "email")))


class PageChecks:
    """Screenshots at desktop and phone sizes and axe-core results, collected across a test."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        self.axe = AXE_JS.read_text("utf-8")
        self.problems: list[str] = []
        self.checked: list[str] = []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(self, name: str) -> None:
        """Screenshot the current page at both sizes and run axe-core at each."""
        for label, (width, height) in SIZES.items():
            self.driver.set_window_size(width, height)
            self.driver.execute_script("window.scrollTo(0, 0)")
            overflow = self.driver.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth"
            )
            if label == "phone" and overflow > 2:
                self.problems.append(f"{name}: the page is {overflow}px wider than a phone")
            for violation in self._axe():
                if violation["impact"] in ("serious", "critical"):
                    nodes = "; ".join(n["target"][0] for n in violation["nodes"][:3])
                    self.problems.append(
                        f"{name} ({label}): {violation['id']} [{violation['impact']}] {nodes}"
                    )
            # the whole page, not only the first screen: grow the window to the page's height
            tall = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(width, min(max(int(tall), height), 5000))
            self.driver.save_screenshot(str(SCREENSHOTS / f"{name}-{label}.png"))
        self.driver.set_window_size(*SIZES["desktop"])
        self.checked.append(name)

    def _axe(self) -> list[dict[str, Any]]:
        if not self.driver.execute_script("return typeof window.axe !== 'undefined'"):
            self.driver.execute_script(self.axe)
        result = self.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            axe.run(document, {runOnly: {type: 'tag', values: tags}})
              .then(r => done(JSON.stringify(r.violations)))
              .catch(e => done(JSON.stringify([
                {id: 'axe-error', impact: 'critical', nodes: [{target: [String(e)]}]}])));
            """
        )
        found: list[dict[str, Any]] = json.loads(result)
        return found
