"""People and sign-in over real HTTP: passwords, lock-out, CSRF, sign-out, roles, error pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from socialpub.api.app import create_app
from socialpub.people import service as people
from socialpub.people.models import User
from socialpub.people.signin import MAX_FAILURES
from socialpub.runtime import Runtime
from socialpub.store.tokens import Role
from tests.platform_servers.runner import run_server
from tests.web import PASSWORD, add_person, csrf_in, sign_in


@pytest.fixture
def runtime(runtime_factory: Any) -> Runtime:
    rt: Runtime = runtime_factory(
        accounts={"outbox": {"platform": "outbox", "path": "outbox.jsonl"}}, require_approval=True
    )
    add_person(rt, "sam@example.org", Role.STAFF, "Sam Staff")
    add_person(rt, "ada@example.org", Role.ADMIN, "Ada Admin")
    return rt


@pytest.fixture
def base(runtime: Runtime) -> Iterator[str]:
    with run_server(create_app(runtime)) as url:
        yield url


def browser(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=10)


def test_passwords_are_argon2_hashes_and_sign_in_sets_a_safe_cookie(
    base: str, runtime: Runtime
) -> None:
    with runtime.sessions() as session:
        user = people.by_email(session, "SAM@example.org ")
        assert user is not None and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
    with browser(base) as client:
        answer = sign_in(client, "sam@example.org")
        assert answer.status_code == 303
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        page = client.get("/compose")
        assert page.status_code == 200 and "Sam Staff" in page.text
        assert '<meta name="viewport"' in page.text


def test_wrong_passwords_lock_the_account_for_a_while(base: str, runtime: Runtime) -> None:
    with browser(base) as client:
        for _ in range(MAX_FAILURES):
            assert sign_in(client, "sam@example.org", "wrong password!").status_code == 401
        locked = sign_in(client, "sam@example.org")  # the right password, too late
        assert locked.status_code == 401 and "too many failed sign-ins" in locked.text
        unknown = sign_in(client, "nobody@example.org", "whatever it is")
        assert unknown.status_code == 401 and "do not match" in unknown.text


def test_a_form_post_without_the_csrf_token_is_refused(base: str) -> None:
    with browser(base) as client:
        # sign-in itself needs the form's token
        bare = client.post("/login", data={"email": "sam@example.org", "password": PASSWORD})
        assert bare.status_code == 403
        assert sign_in(client, "sam@example.org").status_code == 303
        refused = client.post("/me", data={"timezone": "Europe/Paris"})
        assert refused.status_code == 403 and "did not come from this site" in refused.text
        assert "<nav" in refused.text  # a styled page, not JSON
        token = csrf_in(client.get("/me").text)
        saved = client.post("/me", data={"timezone": "Europe/Paris", "csrf_token": token})
        assert saved.status_code == 303
        assert "times in Europe/Paris" in client.get("/me").text


def test_sign_out_ends_the_session_on_the_server(base: str) -> None:
    with browser(base) as client:
        assert sign_in(client, "sam@example.org").status_code == 303
        stolen = dict(client.cookies)
        token = csrf_in(client.get("/compose").text)
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    with browser(base) as replay:
        replay.cookies.update(stolen)  # the old cookie value, sent again after sign-out
        answer = replay.get("/compose", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_staff_get_a_styled_403_on_admin_pages_and_everyone_a_styled_404(base: str) -> None:
    with browser(base) as client:
        sign_in(client, "sam@example.org")
        for path in ("/audit", "/history", "/history/export.csv", "/people", "/feeds", "/status"):
            answer = client.get(path)
            assert answer.status_code == 403, path
            assert "text/html" in answer.headers["content-type"] and "Not allowed" in answer.text
        missing = client.get("/no/such/page")
        assert missing.status_code == 404 and "Page not found" in missing.text
        assert client.get("/api/no-such").json() == {"detail": "Not Found"}


def test_disabling_someone_ends_their_sessions(base: str, runtime: Runtime) -> None:
    with browser(base) as client:
        sign_in(client, "sam@example.org")
        assert client.get("/compose").status_code == 200
        with runtime.sessions.begin() as session:
            user = people.by_email(session, "sam@example.org")
            assert isinstance(user, User)
            people.change(session, user.id, active=False, actor="test")
        assert client.get("/compose", follow_redirects=False).status_code == 303


def test_the_last_admin_cannot_be_demoted(runtime: Runtime) -> None:
    with runtime.sessions.begin() as session:
        ada = people.by_email(session, "ada@example.org")
        assert ada is not None
        with pytest.raises(people.PeopleError, match="last active admin"):
            people.change(session, ada.id, role=Role.STAFF, actor="test")


def test_docs_work_offline_and_declare_the_token_scheme(base: str) -> None:
    with browser(base) as client:
        docs = client.get("/docs").text
        assert "/static/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
        assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
        spec = client.get("/openapi.json").json()
        assert spec["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"


def test_the_first_admin_is_made_once_on_a_new_install(
    runtime_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpub.cli.user_cmds import ensure_admin

    fresh: Runtime = runtime_factory()
    monkeypatch.delenv("SOCIALPUB_ADMIN_PASSWORD", raising=False)
    said = ensure_admin(fresh.sessions)
    assert said is not None and "admin@localhost" in said and "shown once" in said
    password = said.split("password: ")[1].split(" ")[0]
    assert ensure_admin(fresh.sessions) is None  # somebody exists: nothing more is made
    with fresh.sessions() as session:
        admin = people.by_email(session, "admin@localhost")
        assert admin is not None and admin.role == "admin"
        assert password not in admin.password_hash


def test_user_add_from_the_command_line(tmp_path: Any, sqlite_url: str) -> None:
    from tests.processes import cli, process_env, write_config

    config = write_config(tmp_path / "socialpub.toml", {"database_url": sqlite_url})
    env = process_env(config)
    made = cli(
        ["user", "add", "kim@example.org", "--name", "Kim", "--role", "approver"],
        env=env,
        cwd=tmp_path,
    )
    assert "one-time password (shown once): " in made.stdout
    again = cli(
        ["user", "add", "KIM@example.org", "--name", "Kim"], env=env, cwd=tmp_path, check=False
    )
    assert again.returncode == 1 and "exists already" in again.stderr
    assert "Traceback" not in again.stderr
    listed = cli(["user", "list", "--json"], env=env, cwd=tmp_path).stdout
    assert '"role": "approver"' in listed and "password" not in listed
