"""An AT Protocol PDS, as much as posting needs (docs.bsky.app, atproto.com/specs/xrpc).

Enforces: ``createSession`` with identifier + app password, short-lived access JWTs and rotating
refresh JWTs (``refreshSession`` revokes the refresh token it was given); an expired access token
answers 400 ``ExpiredToken`` as the PDS does; ``createRecord`` validates ``app.bsky.feed.post``
(300 graphemes, 3000 UTF-8 bytes, facets as byte ranges inside the text, at most 4 images of at
most 1,000,000 bytes each, each with ``alt``, blobs uploaded first) and refuses a record key that
already exists, so a client-chosen key makes a retry harmless. 429 carries ``RateLimit-*``
headers with the reset as epoch seconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any

import grapheme
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.platform_servers.base import PlatformServer, bearer, new_token

POST = "app.bsky.feed.post"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
IMAGE_MAX = 1_000_000


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def cid_of(data: bytes) -> str:
    return "bafyrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower()[:52]


@dataclass
class Session:
    did: str
    expires_at: float
    kind: str  # "access" | "refresh"


class BlueskyServer(PlatformServer):
    def __init__(self, *, access_ttl: float = 7200.0) -> None:
        self.access_ttl = access_ttl
        self.accounts: dict[str, tuple[str, str]] = {}  # handle -> (did, app password)
        self.tokens: dict[str, Session] = {}
        self.blobs: dict[str, int] = {}
        self.records: dict[str, dict[str, Any]] = {}  # at:// uri -> {"cid", "value"}
        self.counts: dict[str, dict[str, int]] = {}  # post uri -> likeCount, ... (tests)
        self.sessions_created = 0
        self.issued: list[str] = []  # every JWT ever handed out, access and refresh
        super().__init__()

    def add_account(self, handle: str, password: str) -> str:
        did = "did:plc:" + hashlib.sha256(handle.encode()).hexdigest()[:24]
        self.accounts[handle] = (did, password)
        return did

    def expire_access_tokens(self) -> None:
        for session in self.tokens.values():
            if session.kind == "access":
                session.expires_at = 0

    def rate_limit(self, seconds: float, *, times: int = 1) -> None:
        self.control.fail(
            429,
            times=times,
            json_body={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
            headers={
                "RateLimit-Limit": "5000",
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(int(time.time() + seconds)),
                "RateLimit-Policy": "5000;w=3600",
            },
        )

    def posts(self) -> list[dict[str, Any]]:
        return [r["value"] for u, r in self.records.items() if f"/{POST}/" in u]

    def routes(self) -> list[Route]:
        x = "/xrpc/"
        return [
            Route(x + "com.atproto.server.createSession", self.create_session, methods=["POST"]),
            Route(x + "com.atproto.server.refreshSession", self.refresh_session, methods=["POST"]),
            Route(x + "com.atproto.server.getSession", self.get_session, methods=["GET"]),
            Route(x + "com.atproto.repo.uploadBlob", self.upload_blob, methods=["POST"]),
            Route(x + "com.atproto.repo.createRecord", self.create_record, methods=["POST"]),
            Route(x + "com.atproto.repo.getRecord", self.get_record, methods=["GET"]),
            Route(x + "app.bsky.feed.getPosts", self.get_posts, methods=["GET"]),
            Route(x + "com.atproto.repo.deleteRecord", self.delete_record, methods=["POST"]),
        ]

    def _issue(self, did: str, handle: str) -> dict[str, Any]:
        now = time.time()
        access = ".".join(
            [
                _b64({"alg": "ES256K", "typ": "at+jwt"}),
                _b64(
                    {
                        "scope": "com.atproto.appPass",
                        "sub": did,
                        "iat": int(now),
                        "exp": int(now + self.access_ttl),
                        "jti": new_token(),
                    }
                ),
                "sig",
            ]
        )
        refresh = ".".join(
            [
                _b64({"alg": "ES256K", "typ": "refresh+jwt"}),
                _b64(
                    {
                        "scope": "com.atproto.refresh",
                        "sub": did,
                        "exp": int(now + 90 * 86400),
                        "jti": new_token(),
                    }
                ),
                "sig",
            ]
        )
        self.tokens[access] = Session(did, now + self.access_ttl, "access")
        self.tokens[refresh] = Session(did, now + 90 * 86400, "refresh")
        self.issued += [access, refresh]
        return {
            "did": did,
            "handle": handle,
            "accessJwt": access,
            "refreshJwt": refresh,
            "active": True,
        }

    def _session(self, request: Request, kind: str) -> Session | Response:
        token = bearer(request)
        session = self.tokens.get(token or "")
        if session is None or session.kind != kind:
            return _error(401, "InvalidToken", "Token could not be verified")
        if session.expires_at <= time.time():
            return _error(400, "ExpiredToken", "Token has expired")
        return session

    def _handle(self, did: str) -> str:
        return next(h for h, (d, _) in self.accounts.items() if d == did)

    async def create_session(self, request: Request) -> Response:
        body = await request.json()
        account = self.accounts.get(body.get("identifier", ""))
        if account is None or account[1] != body.get("password"):
            return _error(401, "AuthenticationRequired", "Invalid identifier or password")
        self.sessions_created += 1
        return JSONResponse(self._issue(account[0], body["identifier"]))

    async def refresh_session(self, request: Request) -> Response:
        session = self._session(request, "refresh")
        if isinstance(session, Response):
            return session
        with self.lock:
            self.tokens.pop(bearer(request) or "", None)
        return JSONResponse(self._issue(session.did, self._handle(session.did)))

    async def get_session(self, request: Request) -> Response:
        session = self._session(request, "access")
        if isinstance(session, Response):
            return session
        return JSONResponse(
            {"did": session.did, "handle": self._handle(session.did), "active": True}
        )

    async def upload_blob(self, request: Request) -> Response:
        session = self._session(request, "access")
        if isinstance(session, Response):
            return session
        data = await request.body()
        cid = cid_of(data)
        self.blobs[cid] = len(data)
        return JSONResponse(
            {
                "blob": {
                    "$type": "blob",
                    "ref": {"$link": cid},
                    "mimeType": request.headers.get("content-type"),
                    "size": len(data),
                }
            }
        )

    async def create_record(self, request: Request) -> Response:
        session = self._session(request, "access")
        if isinstance(session, Response):
            return session
        body = await request.json()
        if body.get("repo") not in (session.did, self._handle(session.did)):
            return _error(401, "InvalidToken", "Token does not match repo")
        if body.get("collection") != POST:
            return _error(400, "InvalidRequest", "only app.bsky.feed.post here")
        rkey = body.get("rkey") or _tid()
        if not TID.match(rkey):
            return _error(400, "InvalidRequest", f"Invalid record key for {POST}: {rkey}")
        problem = self._invalid(body.get("record") or {})
        if problem:
            return _error(400, "InvalidRecord", f"Invalid {POST} record: {problem}")
        uri = f"at://{session.did}/{POST}/{rkey}"
        encoded = json.dumps(body["record"], sort_keys=True).encode()
        with self.lock:
            if uri in self.records:
                return _error(400, "InvalidRequest", f"Record already exists: {uri}")
            self.records[uri] = {"cid": cid_of(encoded), "value": body["record"]}
        return JSONResponse(
            {"uri": uri, "cid": self.records[uri]["cid"], "validationStatus": "valid"}
        )

    def _invalid(self, record: dict[str, Any]) -> str | None:
        text = record.get("text", "")
        if record.get("$type") != POST or "createdAt" not in record:
            return "$type and createdAt are required"
        if grapheme.length(text) > 300 or len(text.encode()) > 3000:
            return "Record/text must not be longer than 300 graphemes"
        size = len(text.encode())
        for facet in record.get("facets") or []:
            index = facet.get("index", {})
            if not 0 <= index.get("byteStart", -1) < index.get("byteEnd", -1) <= size:
                return "facet index out of range"
        embed = record.get("embed") or {}
        if embed.get("$type") == "app.bsky.embed.external":
            # lexicon app.bsky.embed.external: uri, title, description required; thumb a blob
            # of an image (accept image/*) of at most 1,000,000 bytes
            external = embed.get("external") or {}
            if not all(isinstance(external.get(k), str) for k in ("uri", "title", "description")):
                return "embed/external must have uri, title and description"
            thumb = external.get("thumb")
            if thumb is not None:
                cid = thumb.get("ref", {}).get("$link")
                if cid not in self.blobs or self.blobs[cid] > IMAGE_MAX:
                    return "embed/external/thumb: blob not found or too large"
        images = embed.get("images") or []
        if len(images) > 4:
            return "embed/images must not have more than 4 elements"
        for image in images:
            cid = image.get("image", {}).get("ref", {}).get("$link")
            if "alt" not in image:
                return "embed/images/alt is required"
            if cid not in self.blobs:
                return "Could not find blob"
            if self.blobs[cid] > IMAGE_MAX:
                return "embed/images/image file too large"
        langs = record.get("langs") or []
        if len(langs) > 3 or not all(re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", x) for x in langs):
            return "langs must be at most 3 BCP-47 language tags"
        labels = record.get("labels")
        if labels is not None:
            values = labels.get("values") or []
            if labels.get("$type") != "com.atproto.label.defs#selfLabels" or len(values) > 10:
                return "labels must be com.atproto.label.defs#selfLabels with at most 10 values"
            if any(str(v.get("val", "")).startswith("!") for v in values):
                return "global label values (!...) cannot be self-applied"
        reply = record.get("reply")
        if reply and reply["parent"]["uri"] not in self.records:
            return "reply parent not found"
        return None

    async def get_posts(self, request: Request) -> Response:
        """The AppView's post views, as the PDS proxies them: counts from ``counts``."""
        session = self._session(request, "access")
        if isinstance(session, Response):
            return session
        views = []
        for uri in request.query_params.getlist("uris"):
            record = self.records.get(uri)
            if record is not None:
                zero = dict.fromkeys(("likeCount", "repostCount", "replyCount", "quoteCount"), 0)
                view = {"uri": uri, "cid": record["cid"], "record": record["value"]}
                views.append(view | zero | self.counts.get(uri, {}))
        return JSONResponse({"posts": views})

    async def get_record(self, request: Request) -> Response:
        q = request.query_params
        uri = f"at://{q.get('repo')}/{q.get('collection')}/{q.get('rkey')}"
        record = self.records.get(uri)
        if record is None:
            return _error(400, "RecordNotFound", f"Could not locate record: {uri}")
        return JSONResponse({"uri": uri, "cid": record["cid"], "value": record["value"]})

    async def delete_record(self, request: Request) -> Response:
        session = self._session(request, "access")
        if isinstance(session, Response):
            return session
        body = await request.json()
        with self.lock:
            self.records.pop(f"at://{session.did}/{body['collection']}/{body['rkey']}", None)
        return JSONResponse({})


def _tid() -> str:
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    n = (int(time.time() * 1_000_000) << 10) & ((1 << 63) - 1)
    return "".join(alphabet[(n >> (5 * i)) & 31] for i in reversed(range(13)))


def _error(status: int, error: str, message: str) -> Response:
    return JSONResponse({"error": error, "message": message}, status_code=status)
