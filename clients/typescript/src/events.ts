import { randomUUID } from "node:crypto";
import type { Attachment, Event, EventInput, Role } from "./types.js";

const TENANT = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The tenant name, if it is one memlog accepts (1-64 lower-case letters, digits, '_' or '-'). */
export function checkTenant(tenant: string): string {
  if (!TENANT.test(tenant)) {
    throw new TypeError(`tenant must be 1-64 lower-case letters, digits, '_' or '-', got ${JSON.stringify(tenant)}`);
  }
  return tenant;
}

/** A new random event id (a UUID). memlog applies an event id once, so re-sending an event is harmless. */
export function newEventId(): string {
  return randomUUID();
}

/** What every builder method takes besides the event's own fields. */
export interface EventOptions {
  /** When it happened (default: now). */
  occurredAt?: Date | string;
  /** A stable id of your own makes an event re-built after a restart count once (default: a new UUID). */
  eventId?: string;
}

type Of<T extends Event["type"]> = Extract<Event, { type: T }>;

/**
 * Makes the events of one tenant and one agent, as the JSON objects the node accepts. Every method returns a new
 * event with a fresh `eventId` and `occurredAt` now, unless given.
 */
export class Events {
  constructor(
    readonly tenant: string,
    readonly agentId: string,
    readonly runtime: string | null = "memlog-typescript",
    private readonly clock: () => Date = () => new Date(),
  ) {
    checkTenant(tenant);
    if (agentId === "") {
      throw new TypeError("agentId must not be empty");
    }
  }

  conversationStarted(conversationId: string, title?: string | null, options?: EventOptions): Of<"conversation.started.v1"> {
    return this.event("conversation.started.v1", options, { conversationId, title });
  }

  messageAppended(conversationId: string, messageId: string, role: Role, content: string,
    options?: EventOptions & { tokenCount?: number; attachments?: Attachment[] | Omit<Attachment, "uri" | "sizeBytes">[] }):
    Of<"message.appended.v2"> {
    return this.event("message.appended.v2", options, {
      conversationId, messageId, role, content, tokenCount: options?.tokenCount, attachments: options?.attachments,
    });
  }

  messageEdited(conversationId: string, messageId: string, content: string, options?: EventOptions): Of<"message.edited.v1"> {
    return this.event("message.edited.v1", options, { conversationId, messageId, content });
  }

  messageRedacted(conversationId: string, messageId: string, reason?: string, options?: EventOptions): Of<"message.redacted.v1"> {
    return this.event("message.redacted.v1", options, { conversationId, messageId, reason });
  }

  conversationForgotten(conversationId: string, reason?: string, options?: EventOptions): Of<"conversation.forgotten.v1"> {
    return this.event("conversation.forgotten.v1", options, { conversationId, reason });
  }

  entityUpserted(entityId: string, entityType: string, name: string, attributes?: Record<string, string>,
    options?: EventOptions): Of<"entity.upserted.v1"> {
    return this.event("entity.upserted.v1", options, { entityId, entityType, name, attributes });
  }

  relationAsserted(fromEntityId: string, relationType: string, toEntityId: string, strength = 1,
    options?: EventOptions): Of<"relation.asserted.v1"> {
    if (!(strength >= 0 && strength <= 1)) {
      throw new RangeError(`strength must be between 0 and 1, got ${strength}`);
    }
    return this.event("relation.asserted.v1", options, { fromEntityId, relationType, toEntityId, strength });
  }

  entityMentioned(conversationId: string, messageId: string, entityId: string, options?: EventOptions):
    Of<"entity.mentioned.v1"> {
    return this.event("entity.mentioned.v1", options, { conversationId, messageId, entityId });
  }

  entityForgotten(entityId: string, reason?: string, options?: EventOptions): Of<"entity.forgotten.v1"> {
    return this.event("entity.forgotten.v1", options, { entityId, reason });
  }

  private event<T extends Event["type"]>(type: T, options: EventOptions | undefined, fields: Record<string, unknown>): Of<T> {
    const occurredAt = options?.occurredAt ?? this.clock();
    const event: Record<string, unknown> = {
      type,
      eventId: options?.eventId ?? newEventId(),
      tenant: this.tenant,
      occurredAt: occurredAt instanceof Date ? occurredAt.toISOString() : occurredAt,
      source: this.runtime === null ? { agentId: this.agentId } : { agentId: this.agentId, runtime: this.runtime },
    };
    for (const [name, value] of Object.entries(fields)) {
      if (value !== undefined && value !== null) {
        event[name] = value;
      }
    }
    return event as Of<T>;
  }
}

export type { EventInput };
