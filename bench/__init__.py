"""Benchmarks of the kitchen engine: ``make bench`` (``python -m bench``)."""
