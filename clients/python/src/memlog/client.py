"""The memlog client: publishes a tenant's events and reads its memory over the node's HTTP API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Iterator, Literal, cast

from ._http import RetryPolicy, Transport, segment
from .events import Events, check_tenant, new_event_id
from .types import (ConversationAnswer, EntitiesAnswer, EntityAnswer, Event, FreshnessAnswer, MentionsAnswer,
                    Message, MessagePage, NeighboursAnswer, RelationsAnswer, Role, SearchAnswer)

MAX_BATCH = 1000
"""The most events one publish may carry (the node refuses more with a 400)."""


@dataclass(frozen=True)
class PublishedEvent:
    """Where one event was written: its partition and offset of the events topic."""

    event_id: str
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Published:
    """The events a publish wrote, and the token that reads them back (pass it as ``after=``)."""

    token: str
    events: list[PublishedEvent]


class MemlogClient:
    """A tenant's memory on one memlog node, over HTTP.

    ``api_key`` is a key bound to ``tenant`` (sent as ``X-Api-Key``). ``timeout`` is in seconds, per connection
    attempt and per read of the answer. ``retry`` says how safe requests are retried (see
    :class:`RetryPolicy`). ``max_standby_lag``, when set, goes with every read: a standby replica further behind
    than that answers 503 instead of answering stale.

    Every read takes ``after`` (the token of a publish: the answer waits until those writes are applied, at most
    ``wait_ms``, else a 503 problem) and returns the node's answer, with its ``freshness``.

    Raises :class:`~memlog.ProblemError` for an error answer and :class:`~memlog.TransportError` when the node
    does not answer.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        tenant: str,
        *,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        max_standby_lag: int | None = None,
    ) -> None:
        self.tenant = check_tenant(tenant)
        self._http = Transport(base_url, api_key, timeout, retry or RetryPolicy())
        self._tenant_path = "/v1/tenants/" + segment(tenant)
        self._max_standby_lag = max_standby_lag

    def events(self, agent_id: str, runtime: str | None = "memlog-python") -> Events:
        """A builder of this tenant's events, as published by ``agent_id``."""
        return Events(self.tenant, agent_id, runtime)

    # ---- publishing

    def publish(self, event: Event) -> Published:
        """Publishes one event; see :meth:`publish_all`."""
        return self.publish_all([event])

    def publish_all(self, events: Iterable[Event]) -> Published:
        """Publishes 1 to 1,000 events of this tenant in one request; the node validates them all before it
        sends any, so a bad batch publishes nothing (400).

        An event without ``eventId`` gets a new one here, before the first attempt, so a retried request
        carries the same ids and memlog applies each event once: that is why publishing is retried.
        """
        batch = [event if "eventId" in event else {**event, "eventId": new_event_id()} for event in events]
        if not batch:
            raise ValueError("publish at least one event")
        if len(batch) > MAX_BATCH:
            raise ValueError(f"publish at most {MAX_BATCH} events at once, got {len(batch)}")
        answer = self._http.post_json(self._tenant_path + "/events", batch, idempotent=True)
        written = [PublishedEvent(p["eventId"], p["topic"], int(p["partition"]), int(p["offset"]))
                   for p in answer["published"]]
        return Published(answer["token"], written)

    # ---- conversations

    def conversation(self, conversation_id: str, *, after: str | None = None,
                     wait_ms: int | None = None) -> ConversationAnswer:
        """A conversation's summary and latest messages."""
        return cast(ConversationAnswer, self._get(_conversation(conversation_id), after, wait_ms))

    def messages_page(
        self,
        conversation_id: str,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        order: Literal["asc", "desc"] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        as_of: datetime | None = None,
        as_of_offset: int | None = None,
        after: str | None = None,
        wait_ms: int | None = None,
    ) -> MessagePage:
        """One page of a conversation's messages in time order (``limit`` 1-500, default 50); pass the page's
        ``nextCursor`` as ``cursor`` for the next. ``since`` (inclusive) and ``until`` (exclusive) bound the
        time; ``as_of`` / ``as_of_offset`` read the conversation as it was then."""
        query = {"limit": limit, "cursor": cursor, "order": order, "from": since, "to": until, "asOf": as_of,
                 "asOfOffset": as_of_offset}
        return cast(MessagePage, self._get(_conversation(conversation_id) + "/messages", after, wait_ms, query))

    def messages(self, conversation_id: str, *, page_size: int | None = None, after: str | None = None,
                 wait_ms: int | None = None, **filters: Any) -> Iterator[Message]:
        """Every message of a conversation (within ``filters``: those of :meth:`messages_page`), page by page
        as the iteration goes on. ``after`` applies to the first page; the pages after it follow its cursor."""
        cursor: str | None = None
        first = True
        while first or cursor is not None:
            page = self.messages_page(conversation_id, limit=page_size, cursor=cursor,
                                      after=after if first else None, wait_ms=wait_ms if first else None,
                                      **filters)
            yield from page["messages"]
            cursor = page["nextCursor"]
            first = False

    # ---- search

    def search(
        self,
        q: str,
        *,
        mode: Literal["any", "all"] | None = None,
        rank: Literal["context", "bm25"] | None = None,
        limit: int | None = None,
        offset: int | None = None,
        conversation_id: str | None = None,
        role: Role | None = None,
        agent_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after: str | None = None,
        wait_ms: int | None = None,
    ) -> SearchAnswer:
        """Full-text search over the tenant's messages, best first (``limit`` 1-100, default 20). An answer
        with ``partial: True`` lacks the partitions in ``missingPartitions``."""
        query = {"q": q, "mode": mode, "rank": rank, "limit": limit, "offset": offset,
                 "conversationId": conversation_id, "role": role, "agentId": agent_id, "from": since, "to": until}
        return cast(SearchAnswer, self._get("/search", after, wait_ms, query))

    # ---- entities

    def entity(self, entity_id: str, *, after: str | None = None, wait_ms: int | None = None) -> EntityAnswer:
        return cast(EntityAnswer, self._get(_entity(entity_id), after, wait_ms))

    def find_entities(self, *, name: str | None = None, type: str | None = None, limit: int | None = None,
                      after: str | None = None, wait_ms: int | None = None) -> EntitiesAnswer:
        """Entities by name prefix (any case) and/or type; give at least one."""
        if name is None and type is None:
            raise ValueError("give name (a prefix) or type, or both")
        query = {"name": name, "type": type, "limit": limit}
        return cast(EntitiesAnswer, self._get("/entities", after, wait_ms, query))

    def relations(self, entity_id: str, *, limit: int | None = None, after: str | None = None,
                  wait_ms: int | None = None) -> RelationsAnswer:
        """The relations from and to an entity, strongest first."""
        return cast(RelationsAnswer, self._get(_entity(entity_id) + "/relations", after, wait_ms,
                                               {"limit": limit}))

    def neighbours(self, entity_id: str, *, depth: int | None = None, fan_out: int | None = None,
                   after: str | None = None, wait_ms: int | None = None) -> NeighboursAnswer:
        """The entities within ``depth`` (1-3) relations of an entity, both ways."""
        return cast(NeighboursAnswer, self._get(_entity(entity_id) + "/neighbours", after, wait_ms,
                                                {"depth": depth, "fanOut": fan_out}))

    def mentions(self, entity_id: str, *, limit: int | None = None, after: str | None = None,
                 wait_ms: int | None = None) -> MentionsAnswer:
        """The messages that mention an entity, newest first."""
        return cast(MentionsAnswer, self._get(_entity(entity_id) + "/mentions", after, wait_ms,
                                              {"limit": limit}))

    # ---- operations

    def freshness(self) -> FreshnessAnswer:
        """Every partition's applied offset, end offset and lag."""
        return cast(FreshnessAnswer, self._http.get("/v1/freshness"))

    def _get(self, path: str, after: str | None, wait_ms: int | None,
             query: dict[str, Any] | None = None) -> Any:
        params = dict(query or {})
        params.update({"after": after, "waitMs": wait_ms, "maxStandbyLag": self._max_standby_lag})
        return self._http.get(self._tenant_path + path, params)


def _conversation(conversation_id: str) -> str:
    return "/conversations/" + segment(conversation_id)


def _entity(entity_id: str) -> str:
    return "/entities/" + segment(entity_id)
