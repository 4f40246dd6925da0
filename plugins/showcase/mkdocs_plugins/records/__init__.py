"""The ``showcase/records`` plugin: load and check the data before anything is built."""
