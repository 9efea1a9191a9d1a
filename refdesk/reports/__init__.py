"""The report card as text, JSON and PDF (no Qt)."""
