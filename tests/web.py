"""Helpers for tests that use the web pages over real HTTP: people and signing in."""

from __future__ import annotations

import re

import httpx

from socialpub.people import service as people
from socialpub.runtime import Runtime
from socialpub.store.tokens import Role

PASSWORD = "a long enough password"


def add_person(runtime: Runtime, email: str, role: Role, name: str | None = None) -> None:
    with runtime.sessions.begin() as session:
        people.add(
            session,
            name=name or email.split("@")[0].title(),
            email=email,
            role=role,
            password=PASSWORD,
            actor="test",
        )


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    form = client.get("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_in(form.text)},
        follow_redirects=False,
    )
