"""Browser tests: skipped, saying why, only when Chromium or axe-core is not installed here.

In CI (``CI`` set, as ``.ci/run`` does) a missing browser, driver or axe-core fails every browser
test instead: a green run that skipped them would hide that the pages were never tried.
"""

from __future__ import annotations

import pytest

from tests.browser.chrome import missing
from tests.conftest import _in_ci


def _is_browser_test(item: pytest.Item) -> bool:
    return "tests/browser/" in str(item.fspath).replace("\\", "/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = missing()
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            if reason and not _in_ci():
                item.add_marker(pytest.mark.skip(reason=f"{reason}; set CI=true to fail instead"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = missing()
    if reason and _in_ci() and _is_browser_test(item):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
