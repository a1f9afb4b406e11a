"""The engine's one error type."""

from __future__ import annotations


class RecordError(ValueError):
    """Bad input to the engine: a record, a rule or a count that cannot be used.

    ``path`` names the place in the input (``ballots[3].marks.c9``, ``rules.quorum``)
    so the command-line tool can print one clear line.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message
