"""The JSON answers of the memlog HTTP API as typed dictionaries, field for field (see the node's /openapi.yaml).

Answers are returned as the node sent them (camelCase keys, times as ISO-8601 strings); fields a newer node adds
are kept.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

Role = Literal["user", "assistant", "system", "tool"]


class PartitionFreshness(TypedDict):
    partition: int
    appliedOffset: int
    endOffset: int
    lag: int | None
    lastEventAt: NotRequired[str | None]
    servedBy: NotRequired[str | None]
    standby: NotRequired[bool]
    rebuilding: NotRequired[bool]


class Freshness(TypedDict):
    """How fresh an answer is: per partition read, the offset applied and the lag (``None`` when unknown)."""

    lag: int | None
    partitions: list[PartitionFreshness]
    rebuilding: NotRequired[bool]
    endOffsetsConfirmedAt: NotRequired[str | None]


class Attachment(TypedDict):
    name: str
    mediaType: str
    uri: NotRequired[str | None]
    sizeBytes: NotRequired[int | None]


class Message(TypedDict):
    messageId: str
    role: Role
    agentId: str | None
    content: str | None  # None once redacted
    occurredAt: str
    redacted: bool
    tokenCount: NotRequired[int | None]
    attachments: NotRequired[list[Attachment]]


class ConversationSummary(TypedDict):
    tenant: str
    conversationId: str
    title: str | None
    agentId: str | None
    runtime: str | None
    startedAt: str | None
    messageCount: int
    lastMessageAt: str | None
    latestMessages: list[Message]


class ConversationAnswer(TypedDict):
    conversation: ConversationSummary
    freshness: Freshness


class MessagePage(TypedDict):
    conversationId: str
    messages: list[Message]
    nextCursor: str | None
    freshness: Freshness
    asOf: NotRequired[dict[str, Any]]


class ScoreParts(TypedDict):
    bm25: float
    context: float
    speaker: float
    time: float


class SearchHit(TypedDict):
    conversationId: str
    messageId: str
    role: Role
    agentId: str | None
    occurredAt: str
    score: float
    snippet: str
    matchedTerms: list[str]
    why: ScoreParts


class SearchAnswer(TypedDict):
    query: dict[str, Any]  # how the text was understood: terms, mode, rank, filter, ...
    hits: list[SearchHit]
    found: int  # the number of hits in this answer; 0 when nothing matched
    freshness: Freshness
    partial: NotRequired[bool]
    missingPartitions: NotRequired[list[int]]


class Entity(TypedDict):
    tenant: str
    entityId: str
    entityType: str
    name: str
    attributes: dict[str, str]
    updatedAt: str


class EntityAnswer(TypedDict):
    entity: Entity
    freshness: Freshness


class EntityRef(TypedDict):
    entityId: str
    entityType: str
    name: str


class EntitiesAnswer(TypedDict):
    entities: list[EntityRef]
    freshness: Freshness


class Relation(TypedDict):
    fromEntityId: str
    relationType: str
    toEntityId: str
    strength: float
    assertedAt: str


class RelationsAnswer(TypedDict):
    entityId: str
    outgoing: list[Relation]
    incoming: list[Relation]
    freshness: Freshness


class NeighboursAnswer(TypedDict):
    entityId: str
    depth: int
    fanOut: int
    entities: dict[str, int]  # entity id -> distance from the start (0)
    relations: list[Relation]
    truncated: bool
    freshness: Freshness


class Mention(TypedDict):
    conversationId: str
    messageId: str
    content: str | None
    occurredAt: str


class MentionsAnswer(TypedDict):
    entityId: str
    mentions: list[Mention]
    freshness: Freshness


class FreshnessAnswer(TypedDict):
    freshness: Freshness


Event = dict[str, Any]
"""One memlog event as its JSON object (see the event format in memlog's README)."""
