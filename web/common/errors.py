"""The one shape of a refused step, shared by every app: a message for the person (Chinese in
the source, translated), a stable code for programs, and the HTTP status a page or the API uses."""

from __future__ import annotations


class RefusedStep(Exception):
    """A step the rules refuse: a wrong state, a rule broken, a code already used… Each app
    subclasses it with its own default code (``MeetingError``, ``ElectionError``…)."""

    code = "refused"
    status = 409

    def __init__(self, message: object, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
