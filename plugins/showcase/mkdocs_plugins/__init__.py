"""Thin MkDocs adapters over the core; the only modules that import MkDocs."""
