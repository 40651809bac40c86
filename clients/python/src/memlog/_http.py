"""HTTP over the standard library: JSON in and out, the API key, timeouts, and retries where they are safe."""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from .errors import ProblemError, TransportError

# Answers that say "try again": overloaded or not ready yet (memlog's 503s carry Retry-After), or a proxy's.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a request is tried again.

    Only requests that are safe to send twice are retried: reads (GET), and publishing, because every event
    carries an ``eventId`` fixed before the first attempt and memlog applies an event id once. A request is
    retried when the node could not be reached or did not answer in time, and on 429, 502, 503 and 504; never
    on another 4xx or on 500. The wait doubles from ``backoff`` seconds (with jitter) up to ``max_backoff``,
    or is the answer's ``Retry-After`` (at most ``max_backoff``).
    """

    attempts: int = 3
    backoff: float = 0.25
    max_backoff: float = 5.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be at least 1, got {self.attempts}")
        if self.backoff < 0 or self.max_backoff < 0:
            raise ValueError("backoff and max_backoff must not be negative")

    def delay(self, retry: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``retry`` (0 for the first retry)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_backoff)
        return min(self.backoff * (2**retry), self.max_backoff) * random.uniform(0.5, 1.0)


NO_RETRY = RetryPolicy(attempts=1)


class Transport:
    """Sends requests to one node with one API key."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        timeout: float,
        retry: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {base_url!r}")
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, got {timeout}")
        self._base = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout
        self._retry = retry
        self._sleep = sleep

    def get(self, path: str, query: Mapping[str, Any] | None = None) -> Any:
        return self._send("GET", path, query, None, retryable=True)

    def post_json(self, path: str, body: Any, *, idempotent: bool) -> Any:
        """POSTs ``body`` encoded once, so that every attempt sends the same bytes."""
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._send("POST", path, None, data, retryable=idempotent)

    def _send(self, method: str, path: str, query: Mapping[str, Any] | None, data: bytes | None,
              retryable: bool) -> Any:
        url = self._base + path + _query_string(query)
        attempts = self._retry.attempts if retryable else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                return self._once(method, url, data)
            except ProblemError as problem:
                if last or problem.status not in RETRYABLE_STATUSES:
                    raise
                self._sleep(self._retry.delay(attempt, problem.retry_after))
            except TransportError:
                if last:
                    raise
                self._sleep(self._retry.delay(attempt, None))
        raise AssertionError("unreachable")

    def _once(self, method: str, url: str, data: bytes | None) -> Any:
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json, application/problem+json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self._api_key is not None:
            request.add_header("X-Api-Key", self._api_key)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                return _json(answer.read())
        except urllib.error.HTTPError as error:
            with error:
                body = _json_or_none(error.read())
            raise ProblemError.from_body(error.code, error.reason, body,
                                         _retry_after(error.headers.get("Retry-After"))) from None
        except (urllib.error.URLError, OSError) as error:
            # URLError wraps refused connections and DNS failures; a timeout is an OSError (TimeoutError)
            reason = getattr(error, "reason", error)
            raise TransportError(f"{method} {url}: {reason}") from error


def _query_string(query: Mapping[str, Any] | None) -> str:
    if not query:
        return ""
    pairs = [(name, _text(value)) for name, value in query.items() if value is not None]
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_instant(value)
    return str(value)


def iso_instant(moment: datetime) -> str:
    """An aware datetime as the ISO-8601 UTC instant memlog reads, e.g. ``2026-11-21T10:15:30.123456Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time must say its time zone (e.g. tzinfo=timezone.utc), got naive {moment!r}")
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}" if utc.microsecond else "") + "Z"


def segment(value: str) -> str:
    """A path segment: an id with every reserved character escaped."""
    if not value:
        raise ValueError("an id must not be empty")
    return urllib.parse.quote(value, safe="")


def _json(raw: bytes) -> Any:
    return json.loads(raw) if raw else None


def _json_or_none(raw: bytes) -> Any:
    try:
        return _json(raw)
    except ValueError:
        return None


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None  # an HTTP date: the backoff decides

