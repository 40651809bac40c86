"""memlog for asyncio: :class:`AsyncMemlogClient` has the surface of :class:`~memlog.MemlogClient`, awaitable.

It stays standard-library only: each request runs the synchronous client's on a worker thread
(:func:`asyncio.to_thread`), so an event loop is never blocked while a node answers, and a read that waits for a
read-your-writes token waits on a thread, not on the loop. Cancelling the awaiting task stops waiting for the
answer; the request itself runs to its timeout.

    client = AsyncMemlogClient("http://127.0.0.1:8080", api_key, "acme")
    written = await client.publish(client.events("support-bot").message_appended("c-42", "m-1", "user", "Hi"))
    hits = (await client.search("hi", after=written.token))["hits"]
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import Any

from ._http import RetryPolicy
from .client import MemlogClient, Published
from .events import Events
from .types import (ConversationAnswer, EntitiesAnswer, EntityAnswer, Event, FreshnessAnswer, MentionsAnswer,
                    Message, MessagePage, NeighboursAnswer, RelationsAnswer, SearchAnswer)


class AsyncMemlogClient:
    """A tenant's memory on one memlog node, over HTTP, for asyncio; the arguments, answers and errors are those
    of :class:`~memlog.MemlogClient`."""

    def __init__(self, base_url: str, api_key: str, tenant: str, *, timeout: float = 10.0,
                 retry: RetryPolicy | None = None, max_standby_lag: int | None = None) -> None:
        self._client = MemlogClient(base_url, api_key, tenant, timeout=timeout, retry=retry,
                                    max_standby_lag=max_standby_lag)
        self.tenant = self._client.tenant

    def events(self, agent_id: str, runtime: str | None = "memlog-python") -> Events:
        """A builder of this tenant's events, as published by ``agent_id``."""
        return self._client.events(agent_id, runtime)

    async def publish(self, event: Event) -> Published:
        return await asyncio.to_thread(self._client.publish, event)

    async def publish_all(self, events: Iterable[Event]) -> Published:
        return await asyncio.to_thread(self._client.publish_all, list(events))

    async def conversation(self, conversation_id: str, **options: Any) -> ConversationAnswer:
        return await asyncio.to_thread(self._client.conversation, conversation_id, **options)

    async def messages_page(self, conversation_id: str, **options: Any) -> MessagePage:
        return await asyncio.to_thread(self._client.messages_page, conversation_id, **options)

    async def messages(self, conversation_id: str, *, page_size: int | None = None, after: str | None = None,
                       wait_ms: int | None = None, **filters: Any) -> AsyncIterator[Message]:
        """Every message of a conversation, page by page as the iteration goes on; see
        :meth:`MemlogClient.messages`."""
        cursor: str | None = None
        first = True
        while first or cursor is not None:
            page = await self.messages_page(conversation_id, limit=page_size, cursor=cursor,
                                            after=after if first else None, wait_ms=wait_ms if first else None,
                                            **filters)
            for message in page["messages"]:
                yield message
            cursor = page["nextCursor"]
            first = False

    async def search(self, q: str, **options: Any) -> SearchAnswer:
        return await asyncio.to_thread(self._client.search, q, **options)

    async def entity(self, entity_id: str, **options: Any) -> EntityAnswer:
        return await asyncio.to_thread(self._client.entity, entity_id, **options)

    async def find_entities(self, **options: Any) -> EntitiesAnswer:
        return await asyncio.to_thread(self._client.find_entities, **options)

    async def relations(self, entity_id: str, **options: Any) -> RelationsAnswer:
        return await asyncio.to_thread(self._client.relations, entity_id, **options)

    async def neighbours(self, entity_id: str, **options: Any) -> NeighboursAnswer:
        return await asyncio.to_thread(self._client.neighbours, entity_id, **options)

    async def mentions(self, entity_id: str, **options: Any) -> MentionsAnswer:
        return await asyncio.to_thread(self._client.mentions, entity_id, **options)

    async def freshness(self) -> FreshnessAnswer:
        return await asyncio.to_thread(self._client.freshness)
