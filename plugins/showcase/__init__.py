"""Trade-union honours, innovation studios and showcase projects, kept as checked YAML.

Layers, each importing only from the ones before it:

- :mod:`showcase.records`: loading, the schema, validation, totals (the domain core);
- :mod:`showcase.site`: pages, exports, feeds, search terms, the archive;
- :mod:`showcase.editing`: the editors' guide, record skeletons, the diff;
- :mod:`showcase.cli`: the ``showcase`` command;
- :mod:`showcase.mkdocs_plugins`: the thin MkDocs adapters, the only modules that import MkDocs.
"""
