"""The composition root: settings in, engine, sessions and adapters out.

Everything that does I/O is built here once per process and passed down, so tests build a
``Runtime`` of their own against their own database, Redis prefix and platform servers.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from functools import cached_property

import httpx
import redis
from sqlalchemy import Engine

from socialpub.compose import PlatformLimits
from socialpub.delivery.ratelimit import RateLimiter
from socialpub.platforms.base import AccountContext, Adapter, CredentialStore, MemoryCredentialStore
from socialpub.platforms.registry import adapter_class
from socialpub.settings import Account, Settings
from socialpub.store.db import SessionFactory, make_engine, session_factory


@dataclass
class Runtime:
    settings: Settings
    _adapters: dict[str, Adapter] = field(default_factory=dict)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> SessionFactory:
        return session_factory(self.engine)

    @cached_property
    def http(self) -> httpx.Client:
        # TCP_NODELAY: httpx writes a POST's headers and body separately; with Nagle on, the body
        # waits for the server's delayed ACK, adding ~40 ms to every publish on a fast link.
        nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
        return httpx.Client(
            transport=httpx.HTTPTransport(socket_options=nodelay),
            timeout=self.settings.http_timeout_seconds,
            headers={"User-Agent": "socialpub/0.1 (+self-hosted)"},
            follow_redirects=False,
        )

    @cached_property
    def redis(self) -> redis.Redis[bytes]:
        """One client (one connection pool) per process; redis-py reconnects after a fork."""
        return redis.Redis.from_url(
            self.settings.redis_url, socket_timeout=2, socket_connect_timeout=2
        )

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        return RateLimiter(self.redis, self.settings.redis_prefix)

    @cached_property
    def credentials(self) -> CredentialStore:
        if not self.settings.secret_key:
            return MemoryCredentialStore()
        from socialpub.store.credentials import DatabaseCredentialStore

        return DatabaseCredentialStore(self.sessions, self.settings.secret_key.get_secret_value())

    def account(self, name: str) -> Account:
        return self.settings.account(name)

    def adapter(self, account_name: str) -> Adapter:
        if account_name not in self._adapters:
            account = self.account(account_name)
            context = AccountContext(
                name=account.name,
                platform=account.platform,
                options=account.options,
                secrets=account.secrets,
            )
            cls = adapter_class(account.platform)
            self._adapters[account_name] = cls(context, self.http, self.credentials)
        return self._adapters[account_name]

    def publish_batch(self, account_name: str) -> int:
        """How many of this account's deliveries one worker message may carry."""
        try:
            adapter = self.adapter(account_name)
        except Exception:  # not configured (any more): the worker reports why, one at a time
            return 1
        return self.settings.publish_batch if adapter.can_look_up else 1

    def limits_for(self, account: Account) -> PlatformLimits:
        return self.adapter(account.name).limits

    def close(self) -> None:
        if "http" in self.__dict__:
            self.http.close()
        if "redis" in self.__dict__:
            self.redis.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
