"""Local stand-ins for the platforms' HTTP APIs, run on loopback for integration tests.

Each module is written from the platform's public API reference: it enforces that platform's
length counting, media limits and auth scheme, answers throttling with the platform's own headers,
and honours idempotency exactly where the platform does. ``control.Control`` injects faults.
"""
