"""The demo book: a realistic, deterministic book for exploring and benchmarks."""

from refdesk.demo.generator import DemoSummary, write_demo_book

__all__ = ["DemoSummary", "write_demo_book"]
