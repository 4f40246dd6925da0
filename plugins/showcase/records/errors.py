"""The one base of every error this package raises on purpose.

In the bottom layer, so that every layer can derive from it; the ``showcase`` command
catches this class alone, prints the message as it is and exits with ``exit_status``.
Anything else that escapes is a bug, and shows as one.
"""

from __future__ import annotations

from typing import ClassVar


class ShowcaseError(Exception):
    """Something asked of the package cannot be done; the message says why, to a person."""

    # What `showcase` exits with when this error stops a command.
    exit_status: ClassVar[int] = 1
