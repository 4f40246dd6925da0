"""The records layer: YAML with source positions, the schema, checks and what records add up to.

The bottom layer. It imports nothing else of this package and nothing of MkDocs: loading,
validation, privacy, quantities and totals are plain Python that a successor of MkDocs could
call as they are.
"""
