"""Delivery benchmark: throughput against Celery's own, lateness, dispatcher tick, and chaos.

    .venv/bin/python benchmarks/delivery.py [--json] [--n 1000] [--quick]

Run from the repository root with PostgreSQL at $SOCIALPUB_BENCH_PG_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres). It creates and drops its own databases
and starts its own ``redis-server`` on a free port, so it never touches a shared Redis.

1. ``noop_rate``: tasks per second two Celery workers (concurrency 1 each) drain from Redis when
   the task does nothing: the ceiling any Celery-based design can reach on this machine.
2. ``e2e_rate``: deliveries per second from "due" to "published" at a loopback webhook receiver,
   with a real scheduler process and two real workers on PostgreSQL; ``ratio`` = e2e / noop.
3. ``lateness_p50_s`` / ``lateness_p99_s``: publish start (the request reaching the receiver)
   minus the scheduled time, for deliveries due one after another at half of ``e2e_rate``.
4. ``tick_ms_10k`` / ``tick_ms_1m``: median time of one dispatcher tick (nothing due) with 10,000
   and 1,000,000 future deliveries in the table.
5. Chaos: 1,000 deliveries over 10 accounts, 5 worker SIGKILLs, 2 Redis restarts (no persistence),
   20 % injected failures (10 % 503, 5 % 429 with Retry-After, 5 % applied-then-connection-dropped).
   The receiver does not deduplicate, so any repeat counts: ``published``, ``duplicates``, ``lost``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PG_ADMIN = os.environ.get(
    "SOCIALPUB_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


# --- the no-op Celery app (imported by the noop worker processes) -----------------------------


def _noop_app() -> Any:
    from socialpub.delivery.queue import make_celery
    from socialpub.settings import Settings

    settings = Settings(
        redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        redis_prefix=os.environ.get("BENCH_PREFIX", "bench"),
        celery_queue=os.environ.get("BENCH_QUEUE", "bench-noop"),
    )
    app = make_celery(settings)

    @app.task(name="bench.noop", ignore_result=True)
    def noop() -> None:
        return None

    return app


if os.environ.get("BENCH_NOOP_WORKER"):
    noop_app = _noop_app()


# --- the loopback receiver ---------------------------------------------------------------------


class Receiver:
    """A webhook receiver that does NOT deduplicate: every applied POST is counted, so a delivery
    sent twice shows up as a duplicate. ``fail_rate`` injects failures."""

    def __init__(self, fail_rate: float = 0.0, seed: int = 7) -> None:
        self.fail_rate = fail_rate
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.applied: Counter[str] = Counter()
        self.requests = 0
        self.injected: Counter[str] = Counter()
        self.first_seen: dict[str, float] = {}  # idempotency key -> when its first POST came

    def app(self) -> Any:
        """A bare ASGI app: a real connection drop needs control Starlette does not give."""

        async def respond(send: Any, status: int, body: dict[str, Any], **headers: str) -> None:
            raw = json.dumps(body).encode()
            head = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(raw))]
            head += [(k.encode(), v.encode()) for k, v in headers.items()]
            await send({"type": "http.response.start", "status": status, "headers": head})
            await send({"type": "http.response.body", "body": raw})

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            more = True
            while more:
                message = await receive()
                more = message.get("more_body", False)
            if scope["path"] == "/lookup":
                query = scope.get("query_string", b"").decode()
                key = query.partition("idempotency_key=")[2].split("&")[0]
                with self.lock:
                    found = self.applied[key] > 0
                await respond(send, 200 if found else 404, {"id": key} if found else {})
                return
            headers = dict(scope["headers"])
            key = headers.get(b"idempotency-key", b"").decode()
            with self.lock:
                self.requests += 1
                self.first_seen.setdefault(key, time.time())
                roll = self.rng.random()
            share = self.fail_rate / 4
            if roll < 2 * share:
                self.injected["503"] += 1
                await respond(send, 503, {"error": "busy"})
                return
            if roll < 3 * share:
                self.injected["429"] += 1
                await respond(send, 429, {"error": "slow down"}, **{"retry-after": "1"})
                return
            with self.lock:
                self.applied[key] += 1
            if roll < 4 * share:
                # Applied, then the connection breaks mid-answer: the client cannot know.
                self.injected["drop"] += 1
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [(b"content-length", b"1000")],
                    }
                )
                await send({"type": "http.response.body", "body": b"{", "more_body": True})
                raise ConnectionAbortedError("dropped on purpose")
            await respond(send, 200, {"id": key})

        return app


# --- infrastructure ------------------------------------------------------------------------------


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` on loopback in a thread, like ``tests.platform_servers.runner.run_server``,
    but with the socket created as IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted
    sockets whose protocol says TCP, and without it every answer waits ~40 ms for a delayed ACK.
    """
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="critical", access_log=False, lifespan="off", ws="none", http="h11"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait(lambda: server.started, 10, "receiver up", interval=0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


@contextmanager
def pg_database(tag: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    name = f"socialpub_bench_{tag}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def wait(condition: Any, timeout: float, what: str, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def log_has(path: Path, mark: str) -> bool:
    return path.is_file() and mark in path.read_text("utf-8", "replace")


class Cluster:
    """A config, a database, workers and a scheduler for one measurement."""

    def __init__(
        self, tmp: Path, db_url: str, redis_url: str, accounts: dict[str, Any], **extra: Any
    ) -> None:
        from socialpub.runtime import Runtime
        from socialpub.settings import Settings
        from socialpub.store.migrate import upgrade
        from tests.processes import process_env, write_config

        self.tmp = tmp
        self.prefix = f"bench-{uuid.uuid4().hex[:6]}"
        values = {
            "database_url": db_url,
            "redis_url": redis_url,
            "redis_prefix": self.prefix,
            "celery_queue": f"{self.prefix}-publish",
            "dispatch_interval_seconds": 0.1,
            "dispatch_batch": 500,
            "reconcile_interval_seconds": 1.0,
            "overdue_alert_seconds": 3600.0,
            **CLUSTER_SETTINGS,
            **extra,
        }
        self.queue = str(values["celery_queue"])
        config = write_config(tmp / f"{self.prefix}.toml", {**values, "accounts": accounts})
        self.env = process_env(config)
        self.runtime = Runtime(Settings(**values, accounts=accounts))
        upgrade(self.runtime.engine)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.schedulers: list[subprocess.Popen[bytes]] = []

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        log = self.tmp / f"{self.prefix}-{name}.log"
        log.unlink(missing_ok=True)
        proc = celery_worker("workers.celery_app", self.queue, name, self.env, log)
        wait(lambda: log_has(log, "ready."), 60, f"worker {name}")
        self.workers.append(proc)
        return proc

    def start_scheduler(self, name: str = "s1") -> subprocess.Popen[bytes]:
        from tests.processes import start_scheduler

        log = self.tmp / f"{self.prefix}-{name}.log"
        proc = start_scheduler(self.env, self.tmp, name=name, log=log)
        self.schedulers.append(proc)
        return proc

    def close(self) -> None:
        from tests.processes import stop

        for proc in self.workers + self.schedulers:
            stop(proc, timeout=10)
        self.runtime.close()

    def count(self, state: str) -> int:
        from sqlalchemy import func, select

        from socialpub.store.models import Delivery

        with self.runtime.sessions() as s:
            return int(s.scalar(select(func.count()).where(Delivery.state == state)) or 0)


def seed(runtime: Any, accounts: list[str], due: list[datetime]) -> list[int]:
    """Deliveries round-robin over ``accounts``, inserted in bulk through the ORM."""
    from socialpub.store.models import Article, Delivery, Post

    with runtime.sessions.begin() as session:
        post = Post(
            article=Article(source_kind="text", title="b", text="b", content_hash=uuid.uuid4().hex),
            author="bench",
            summary="b",
            hashtags=[],
            link=None,
        )
        session.add(post)
        rows = [
            Delivery(
                post=post,
                account=accounts[n % len(accounts)],
                platform="webhook",
                text=f"benchmark post {n}",
                parts=[f"benchmark post {n}"],
                part_ids=[],
                state="scheduled",
                priority=0,
                scheduled_at=when,
                scheduled_tz="UTC",
                due_at=when,
                idempotency_key=uuid.uuid4().hex,
            )
            for n, when in enumerate(due)
        ]
        session.add_all(rows)
        session.flush()
        return [d.id for d in rows]


def hooks(base: str, n: int) -> dict[str, Any]:
    return {
        f"hook{i}": {
            "platform": "webhook",
            "url": f"{base}/hook",
            "lookup_url": f"{base}/lookup",
            "timeout_seconds": 2.0,
        }
        for i in range(n)
    }


POOL = ["--pool", "prefork", "--concurrency", "1"]  # per worker process; --pool changes it
CLUSTER_SETTINGS: dict[str, Any] = {}  # what --batch sets for every cluster


def celery_worker(
    app: str, queue: str, name: str, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    """One Celery worker, configured alike for the no-op and the real runs."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", app, "worker", *POOL, "-Q", queue,
            "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "--loglevel", "INFO",
        ],
        env=env,
        cwd=REPO,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


# --- 1. Celery's own drain rate -----------------------------------------------------------------


def noop_rate(tmp: Path, redis_url: str, n: int) -> float:
    import redis

    prefix, queue = f"bench-noop-{uuid.uuid4().hex[:6]}", "bench-noop"
    env = {
        **os.environ,
        "BENCH_NOOP_WORKER": "1",
        "BENCH_REDIS_URL": redis_url,
        "BENCH_PREFIX": prefix,
        "BENCH_QUEUE": queue,
        "PYTHONPATH": str(REPO),
    }
    os.environ.update({k: env[k] for k in ("BENCH_REDIS_URL", "BENCH_PREFIX", "BENCH_QUEUE")})
    app = _noop_app()
    with app.producer_or_acquire() as producer:
        for _ in range(n):
            app.send_task("bench.noop", queue=queue, producer=producer)
    client = redis.Redis.from_url(redis_url)
    key = f"{prefix}:{queue}"

    def backlog() -> int:
        return int(client.llen(key)) + int(client.hlen(f"{prefix}:unacked"))

    assert backlog() == n, f"expected {n} messages, found {backlog()}"
    procs = [
        celery_worker("benchmarks.delivery:noop_app", queue, name, env, tmp / f"noop-{name}.log")
        for name in ("n1", "n2")
    ]
    try:
        wait(lambda: backlog() < n - 50, 60, "noop workers start", interval=0.01)
        start, left = time.monotonic(), backlog()
        wait(lambda: backlog() == 0, 300, "noop drain", interval=0.01)
        rate = left / (time.monotonic() - start)
    finally:
        from tests.processes import stop

        for p in procs:
            stop(p)
        client.close()
        app.close()
    return rate


# --- 2. end-to-end rate, 3. lateness ------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def e2e(tmp: Path, redis_url: str, n: int, parts: dict[str, float]) -> tuple[float, float, float]:
    from sqlalchemy import func, select

    from socialpub.store.models import AuditEvent, Delivery

    receiver = Receiver()
    with serve(receiver.app()) as base, pg_database("e2e") as db:
        accounts = hooks(base, 4)
        cluster = Cluster(tmp, db, redis_url, accounts)
        try:
            cluster.start_worker("w1")
            cluster.start_worker("w2")
            ids = seed(cluster.runtime, list(accounts), [datetime.now(UTC)] * n)
            cluster.start_scheduler()
            wait(lambda: cluster.count("published") == n, 300, "e2e published")
            with cluster.runtime.sessions() as s:
                first = s.scalar(
                    select(func.min(AuditEvent.at)).where(
                        AuditEvent.kind == "queued", AuditEvent.subject_id.in_(ids)
                    )
                )
                last = s.scalar(select(func.max(Delivery.published_at)))
            assert first is not None and last is not None
            rate = n / (last - first).total_seconds()

            # Lateness at half that rate: deliveries due one after another, 12 s worth.
            pace = rate / 2
            count = max(int(pace * 12), 50)
            start = datetime.now(UTC) + timedelta(seconds=2)
            due = [start + timedelta(seconds=i / pace) for i in range(count)]
            late_ids = seed(cluster.runtime, list(accounts), due)
            wait(lambda: cluster.count("published") == n + count, 120, "lateness run")
            with cluster.runtime.sessions() as s:
                rows = s.execute(
                    select(Delivery.id, Delivery.scheduled_at, Delivery.idempotency_key).where(
                        Delivery.id.in_(late_ids)
                    )
                ).all()
                queued = dict(
                    s.execute(
                        select(AuditEvent.subject_id, AuditEvent.at).where(
                            AuditEvent.kind == "queued", AuditEvent.subject_id.in_(late_ids)
                        )
                    ).all()
                )
            # Publish start is when the request reached the platform server, not when the worker
            # claimed the delivery: in a batch those differ by the sends ahead of it.
            scheduled = {i: when for i, when, _ in rows}
            sent = {i: datetime.fromtimestamp(receiver.first_seen[key], UTC) for i, _, key in rows}
            lateness = sorted((sent[i] - scheduled[i]).total_seconds() for i in late_ids)
            p50 = statistics.median(lateness)
            p99 = pct(lateness, 0.99)
            # Where the lateness comes from: the dispatcher (due → queued) or the queue and
            # workers (queued → sent).
            parts["dispatch_p99_s"] = pct(
                [(queued[i] - scheduled[i]).total_seconds() for i in late_ids], 0.99
            )
            parts["queue_p99_s"] = pct(
                [(sent[i] - queued[i]).total_seconds() for i in late_ids], 0.99
            )
        finally:
            cluster.close()
    return rate, p50, p99


# --- 4. dispatcher tick -------------------------------------------------------------------------


def bulk_future_rows(db_url: str, rows: int) -> None:
    """COPY ``rows`` future deliveries into the table (one post), then ANALYZE."""
    import psycopg

    plain = db_url.replace("postgresql+psycopg://", "postgresql://")
    now = datetime.now(UTC)
    with psycopg.connect(plain, autocommit=True) as conn:
        article = conn.execute(
            "INSERT INTO articles (source_kind, source_ref, title, text, content_hash, created_at)"
            " VALUES ('text', '', 'b', 'b', 'h', now()) RETURNING id"
        ).fetchone()
        assert article is not None
        post = conn.execute(
            "INSERT INTO posts (article_id, author, summary, hashtags, link, approval, created_at)"
            " VALUES (%s, 'bench', 'b', '[]', NULL, 'approved', now()) RETURNING id",
            (article[0],),
        ).fetchone()
        assert post is not None
        columns = (
            "post_id, account, platform, text, parts, part_ids, state, priority, scheduled_at,"
            " scheduled_tz, due_at, attempts, idempotency_key, created_at, updated_at"
        )
        batch = 100_000
        with conn.cursor() as cur:
            for offset in range(0, rows, batch):
                buffer = io.StringIO()
                for i in range(offset, min(offset + batch, rows)):
                    due = (now + timedelta(hours=1, seconds=i)).isoformat()
                    buffer.write(
                        f'{post[0]}\thook0\twebhook\tfuture {i}\t["future {i}"]\t[]\tscheduled\t0\t'
                        f"{due}\tUTC\t{due}\t0\t{uuid.uuid4().hex}\t{now.isoformat()}\t{now.isoformat()}\n"
                    )
                with cur.copy(f"COPY deliveries ({columns}) FROM STDIN") as copy:
                    copy.write(buffer.getvalue())
        conn.execute("ANALYZE deliveries")


def tick_ms(tmp: Path, rows: int, ticks: int = 50) -> float:
    from socialpub.delivery.dispatch import dispatch_due
    from socialpub.delivery.slots import rules_for
    from socialpub.runtime import Runtime
    from socialpub.settings import Settings
    from socialpub.store.migrate import upgrade

    with pg_database(f"tick{rows}") as db:
        runtime = Runtime(Settings(database_url=db, accounts=hooks("http://127.0.0.1:9", 1)))
        try:
            upgrade(runtime.engine)
            bulk_future_rows(db, rows)
            open_at = rules_for(runtime.settings).open_at
            times = []
            for _ in range(ticks + 5):
                started = time.perf_counter()
                sent = dispatch_due(
                    runtime.sessions, lambda i, p: None, now=datetime.now(UTC), open_at=open_at
                )
                times.append((time.perf_counter() - started) * 1000)
                assert sent == []
            return statistics.median(times[5:])
        finally:
            runtime.close()


# --- 5. chaos -----------------------------------------------------------------------------------


FINAL = {"published", "failed", "unknown", "cancelled"}


def chaos(tmp: Path, n: int, kills: int, restarts: int, fail_rate: float) -> dict[str, Any]:
    from sqlalchemy import select

    from socialpub.store.models import Delivery
    from tests.chaos.procs import PrivateRedis, kill9

    redis_server = PrivateRedis(tmp)
    redis_server.start()
    receiver = Receiver(fail_rate=fail_rate)
    try:
        with serve(receiver.app()) as base, pg_database("chaos") as db:
            accounts = hooks(base, 10)
            cluster = Cluster(
                tmp,
                db,
                redis_server.url,
                accounts,
                lease_seconds=4.0,
                queued_timeout_seconds=3.0,
                reconcile_interval_seconds=0.5,
                backoff_base_seconds=0.2,
                backoff_cap_seconds=2.0,
                max_attempts=12,
            )
            try:
                names = ["c1", "c2"]
                procs = {name: cluster.start_worker(name) for name in names}
                ids = seed(cluster.runtime, list(accounts), [datetime.now(UTC)] * n)
                cluster.start_scheduler()
                started = time.monotonic()
                events = ["kill"] * kills + ["redis"] * restarts
                random.Random(3).shuffle(events)
                for step, event in enumerate(events):
                    # Spread the faults over the run: wait for progress before each one.
                    target = n * (step + 1) // (len(events) + 2)
                    wait(lambda t=target: cluster.count("published") >= t, 240, "chaos progress")
                    if event == "kill":
                        name = names[step % 2]
                        kill9(procs[name])
                        cluster.workers.remove(procs[name])
                        procs[name] = cluster.start_worker(name)
                    else:
                        redis_server.restart()

                def settled() -> bool:
                    with cluster.runtime.sessions() as s:
                        states = s.scalars(select(Delivery.state).where(Delivery.id.in_(ids))).all()
                    return all(st in FINAL for st in states)

                # Whatever is not final by the deadline is reported as lost below.
                with contextlib.suppress(RuntimeError):
                    wait(settled, 300, "chaos settled", interval=0.5)
                elapsed = time.monotonic() - started
                with cluster.runtime.sessions() as s:
                    rows = s.execute(
                        select(Delivery.state, Delivery.idempotency_key).where(Delivery.id.in_(ids))
                    ).all()
            finally:
                cluster.close()
    finally:
        redis_server.kill()
    states = Counter(state for state, _ in rows)
    published_keys = {key for state, key in rows if state == "published"}
    duplicates = sum(c - 1 for c in receiver.applied.values() if c > 1)
    # Lost: marked published but never received, received but not marked published, or still
    # not in a final state after the deadline.
    received = {k for k, c in receiver.applied.items() if c}
    stuck = sum(c for state, c in states.items() if state not in FINAL)
    lost = len(published_keys - received) + len(received - published_keys) + stuck
    return {
        "chaos_deliveries": n,
        "published": states.get("published", 0),
        "failed": states.get("failed", 0),
        "unknown": states.get("unknown", 0),
        "duplicates": duplicates,
        "lost": lost,
        "worker_kills": kills,
        "redis_restarts": redis_server.restarts,
        "injected": dict(receiver.injected),
        "chaos_seconds": round(elapsed, 1),
    }


def rates(tmp: Path, noop: int, n: int, out: dict[str, Any], say: Any) -> None:
    """Parts 1-3, side by side on one private Redis."""
    from tests.chaos.procs import PrivateRedis

    redis_server = PrivateRedis(tmp)
    redis_server.start()
    try:
        out["noop_rate"] = round(noop_rate(tmp, redis_server.url, noop), 1)
        say(f"celery no-op drain: {out['noop_rate']} tasks/s (2 workers)")
        parts: dict[str, float] = {}
        rate, p50, p99 = e2e(tmp, redis_server.url, n, parts)
    finally:
        redis_server.kill()
    out["e2e_rate"] = round(rate, 1)
    out["ratio"] = round(rate / out["noop_rate"], 3)
    out["lateness_p50_s"] = round(p50, 3)
    out["lateness_p99_s"] = round(p99, 3)
    say(f"end to end: {out['e2e_rate']} deliveries/s, ratio {out['ratio']}")
    out.update({f"lateness_{k}": round(v, 3) for k, v in parts.items()})
    say(
        f"lateness at half that rate: p50 {p50:.3f}s, p99 {p99:.3f}s (p99 due→queued "
        f"{parts['dispatch_p99_s']:.3f}s, queued→sent {parts['queue_p99_s']:.3f}s)"
    )


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--n", type=int, default=1000, help="deliveries for the e2e rate")
    parser.add_argument("--noop", type=int, default=5000, help="no-op tasks for Celery's rate")
    parser.add_argument("--quick", action="store_true", help="100k rows instead of 1M")
    parser.add_argument(
        "--pool", default="prefork:1", help="Celery pool:concurrency per worker (threads:4)"
    )
    parser.add_argument(
        "--batch", type=int, default=None, help="publish_batch: most deliveries per message"
    )
    parser.add_argument(
        "--only",
        choices=["rate", "tick", "chaos"],
        action="append",
        help="run only these parts (rate = no-op, end to end and lateness); repeatable",
    )
    args = parser.parse_args()
    pool, _, concurrency = args.pool.partition(":")
    POOL[:] = ["--pool", pool, "--concurrency", concurrency or "1"]
    from socialpub.settings import Settings

    batch = args.batch or Settings.model_fields["publish_batch"].default
    CLUSTER_SETTINGS["publish_batch"] = batch
    parts_to_run = set(args.only or ["rate", "tick", "chaos"])
    os.chdir(REPO)
    import logging

    logging.basicConfig(level=logging.WARNING)
    out: dict[str, Any] = {"pool": args.pool, "publish_batch": batch}

    def say(text: str) -> None:
        if not args.json:
            print(text, flush=True)

    with TemporaryDirectory(prefix="socialpub-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "rate" in parts_to_run:
            rates(tmp, args.noop, args.n, out, say)
        if "tick" in parts_to_run:
            out["tick_ms_10k"] = round(tick_ms(tmp, 10_000), 2)
            say(f"dispatcher tick, 10k future rows: {out['tick_ms_10k']} ms")
            big = 100_000 if args.quick else 1_000_000
            key = "tick_ms_1m" if not args.quick else "tick_ms_100k"
            out[key] = round(tick_ms(tmp, big), 2)
            say(f"dispatcher tick, {big:,} future rows: {out[key]} ms")
        if "chaos" in parts_to_run:
            result = chaos(tmp, 1000, kills=5, restarts=2, fail_rate=0.2)
            out.update(result)
            say(
                f"chaos: {result['published']} published, {result['failed']} failed, "
                f"{result['unknown']} unknown, {result['duplicates']} duplicates, "
                f"{result['lost']} lost "
                f"({result['worker_kills']} SIGKILLs, {result['redis_restarts']} Redis restarts, "
                f"injected {result['injected']}, {result['chaos_seconds']} s)"
            )
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
