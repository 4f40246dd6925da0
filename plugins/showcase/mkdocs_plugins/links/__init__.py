"""The ``showcase/links`` plugin: fail the build on a broken internal link or anchor."""
