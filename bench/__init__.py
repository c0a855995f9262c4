"""Benchmark harness: `make bench` (full) and `make bench-quick` (CI)."""
