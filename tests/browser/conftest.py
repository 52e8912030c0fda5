"""Browser tests: skipped, saying why, only when Chromium or axe-core is not installed here."""

from __future__ import annotations

import pytest

from tests.browser.chrome import missing


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = missing()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
