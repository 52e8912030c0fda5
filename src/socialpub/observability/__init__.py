"""The operator's view: heartbeats and health, Prometheus metrics, structured logs."""
