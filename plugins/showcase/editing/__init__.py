"""The editing layer: tools for editors and reviewers (the guide, new records, the diff).

Built on :mod:`showcase.records` and :mod:`showcase.site` (the diff shows totals as the site
does); knows nothing of MkDocs.
"""
