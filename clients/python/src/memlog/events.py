"""Builds memlog events as the JSON objects the node accepts, each with a new unique event id."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Callable, Mapping, Sequence

from ._http import iso_instant
from .types import Attachment, Event, Role

_TENANT = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def check_tenant(tenant: str) -> str:
    """The tenant name, if it is one memlog accepts (1-64 lower-case letters, digits, '_' or '-')."""
    if not _TENANT.fullmatch(tenant):
        raise ValueError(f"tenant must be 1-64 lower-case letters, digits, '_' or '-', got {tenant!r}")
    return tenant


def new_event_id() -> str:
    """A new random event id (a UUID). memlog applies an event id once, so re-sending an event is harmless."""
    return str(uuid.uuid4())


class Events:
    """Makes the events of one tenant and one agent.

    Every method returns a new event (a ``dict``) with a fresh ``eventId`` and ``occurredAt`` now, unless
    ``event_id`` / ``occurred_at`` are given. Give your own stable ``event_id`` (e.g. derived from your message
    id) when the same event may be built again after a restart and must still count once.
    """

    def __init__(
        self,
        tenant: str,
        agent_id: str,
        runtime: str | None = "memlog-python",
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        check_tenant(tenant)
        if not agent_id:
            raise ValueError("agent_id must not be empty")
        self.tenant = tenant
        self.agent_id = agent_id
        self.runtime = runtime
        self._clock = clock

    def conversation_started(self, conversation_id: str, title: str | None = None, *,
                             occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("conversation.started.v1", occurred_at, event_id, conversationId=conversation_id,
                           title=title)

    def message_appended(self, conversation_id: str, message_id: str, role: Role, content: str, *,
                         token_count: int | None = None, attachments: Sequence[Attachment] | None = None,
                         occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("message.appended.v2", occurred_at, event_id, conversationId=conversation_id,
                           messageId=message_id, role=role, content=content, tokenCount=token_count,
                           attachments=list(attachments) if attachments is not None else None)

    def message_edited(self, conversation_id: str, message_id: str, content: str, *,
                       occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("message.edited.v1", occurred_at, event_id, conversationId=conversation_id,
                           messageId=message_id, content=content)

    def message_redacted(self, conversation_id: str, message_id: str, reason: str | None = None, *,
                         occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("message.redacted.v1", occurred_at, event_id, conversationId=conversation_id,
                           messageId=message_id, reason=reason)

    def conversation_forgotten(self, conversation_id: str, reason: str | None = None, *,
                               occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("conversation.forgotten.v1", occurred_at, event_id, conversationId=conversation_id,
                           reason=reason)

    def entity_upserted(self, entity_id: str, entity_type: str, name: str,
                        attributes: Mapping[str, str] | None = None, *,
                        occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("entity.upserted.v1", occurred_at, event_id, entityId=entity_id, entityType=entity_type,
                           name=name, attributes=dict(attributes) if attributes is not None else None)

    def relation_asserted(self, from_entity_id: str, relation_type: str, to_entity_id: str, strength: float = 1.0,
                          *, occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        if not 0.0 <= strength <= 1.0:
            raise ValueError(f"strength must be between 0 and 1, got {strength}")
        return self._event("relation.asserted.v1", occurred_at, event_id, fromEntityId=from_entity_id,
                           relationType=relation_type, toEntityId=to_entity_id, strength=strength)

    def entity_mentioned(self, conversation_id: str, message_id: str, entity_id: str, *,
                         occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("entity.mentioned.v1", occurred_at, event_id, conversationId=conversation_id,
                           messageId=message_id, entityId=entity_id)

    def entity_forgotten(self, entity_id: str, reason: str | None = None, *,
                         occurred_at: datetime | None = None, event_id: str | None = None) -> Event:
        return self._event("entity.forgotten.v1", occurred_at, event_id, entityId=entity_id, reason=reason)

    def _event(self, type_name: str, occurred_at: datetime | None, event_id: str | None, **fields: object) -> Event:
        source: dict[str, object] = {"agentId": self.agent_id}
        if self.runtime is not None:
            source["runtime"] = self.runtime
        event: Event = {
            "type": type_name,
            "eventId": event_id if event_id is not None else new_event_id(),
            "tenant": self.tenant,
            "occurredAt": iso_instant(occurred_at if occurred_at is not None else self._clock()),
            "source": source,
        }
        event.update({name: value for name, value in fields.items() if value is not None})
        return event
