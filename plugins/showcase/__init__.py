"""Trade-union honours, innovation studios and showcase projects, kept as checked YAML.

The modules directly in this package are the domain core: they know nothing of MkDocs.
The MkDocs plugins live in :mod:`showcase.mkdocs` and only adapt the core to a build.
"""
