"""The ``showcase/identity`` plugin: the organisation's name, emblem, colours and footer."""
