"""The site layer: pages, listings, totals, exports, feeds, search terms and the archive.

Turns a :class:`showcase.records.catalog.Catalog` into the files of the public site. It
imports from :mod:`showcase.records` only, and nothing of MkDocs; the adapters in
:mod:`showcase.mkdocs_plugins` hand its results to a build.
"""
