"""The refusal a renderer raises: a sentence for the download's page (in its language)."""

from __future__ import annotations


class Refused(Exception):
    """The document cannot be made as asked; ``message`` says why, to the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
