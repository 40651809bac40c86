"""The errors the client raises: a problem the node answered, or a request that never got an answer."""

from __future__ import annotations

from typing import Any, Iterable, NotRequired, TypedDict


class FieldError(TypedDict):
    """One thing a refused request got wrong: the parameter or JSON path of ``field``, and what is wrong with it.

    For events sent to the ingest, ``index`` is the event's position in the body and ``reason`` the kind of
    fault (``SCHEMA_VIOLATION``, ...).
    """

    field: str
    message: str
    index: NotRequired[int]
    reason: NotRequired[str]


class MemlogError(Exception):
    """Base class of every error this client raises."""


class ProblemError(MemlogError):
    """The node answered with an error: an RFC 9457 problem (``application/problem+json``).

    Its fields are those of the problem: ``status``, ``type``, ``title``, ``detail``, ``instance``,
    ``request_id`` (also in the node's log) and ``errors`` (a :class:`FieldError` for each parameter or
    event field that was refused; empty otherwise). ``retry_after`` is the answer's ``Retry-After`` in seconds, when it had one. An error answer
    that is not a problem (from a proxy, say) is still raised as a ``ProblemError`` with its status and reason.
    """

    def __init__(
        self,
        status: int,
        title: str,
        *,
        type: str = "about:blank",
        detail: str | None = None,
        instance: str | None = None,
        request_id: str | None = None,
        errors: Iterable[FieldError] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{status} {title}" + (f": {detail}" if detail else ""))
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.instance = instance
        self.request_id = request_id
        self.errors: list[FieldError] = list(errors) if errors else []
        self.retry_after = retry_after

    @classmethod
    def from_body(cls, status: int, reason: str, body: Any, retry_after: float | None) -> ProblemError:
        """The problem an error answer's parsed JSON body describes (any other body gives status and reason)."""
        if not isinstance(body, dict):
            return cls(status, reason or "HTTP error", retry_after=retry_after)
        errors = body.get("errors")
        return cls(
            int(body.get("status", status)),
            str(body.get("title") or reason or "HTTP error"),
            type=str(body.get("type", "about:blank")),
            detail=body.get("detail"),
            instance=body.get("instance"),
            request_id=body.get("requestId"),
            errors=[e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else None,
            retry_after=retry_after,
        )


class TransportError(MemlogError):
    """No answer: the node could not be reached, or did not answer within the timeout (after the retries)."""
