"""The ``showcase/admin`` plugin: the form editor at /admin/."""
