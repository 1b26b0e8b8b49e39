"""Docstrings for top (attached on import; see ember._docs)."""
from __future__ import annotations
