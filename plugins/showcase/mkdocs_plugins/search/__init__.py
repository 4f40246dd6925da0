"""The ``showcase/search`` plugin: every record found by its name in Material's search box."""
