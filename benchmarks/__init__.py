"""Benchmarks of essm-sync against the sandbox; run with `python -m benchmarks`."""
