import { Events, checkTenant, newEventId } from "./events.js";
import { type QueryValue, type RetryPolicy, Transport, segment } from "./http.js";
import type {
  ConversationAnswer, EntitiesAnswer, EntityAnswer, EventInput, FreshnessAnswer, MentionsAnswer, Message, MessagePage,
  NeighboursAnswer, PublishAnswer, PublishResult, QueryOf, RelationsAnswer, SearchAnswer,
} from "./types.js";

/** The most events one publish may carry (the node refuses more with a 400). */
export const MAX_BATCH = 1000;

export interface MemlogClientOptions {
  /** The node, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A key bound to `tenant` (sent as `X-Api-Key`). */
  apiKey: string;
  tenant: string;
  /** Per attempt, from sending the request to the end of the answer (default 10,000 ms). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Sent with every read: a standby replica further behind than this answers 503 instead of answering stale. */
  maxStandbyLag?: number;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** What every call takes. */
export interface CallOptions {
  /** Cancels the call (and its retries); the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call, per attempt. */
  timeoutMs?: number;
}

/** What every read takes. */
export interface ReadOptions extends CallOptions {
  /**
   * A publish's token: the answer waits until the read model has applied those writes (at most `waitMs`, else a
   * 503 problem, which is retried). Sent as the `X-Memlog-After` header.
   */
  after?: string;
  /** The most the node waits for `after` (0-10,000 ms, default 2,000). */
  waitMs?: number;
}

export interface PublishOptions extends CallOptions {
  /**
   * Sent as `Idempotency-Key`: events without an `eventId` then get `KEY#INDEX` from the node, so the same request
   * sent again (even by another process) writes the same events. Without it the client gives each such event a
   * new UUID before the first attempt.
   */
  idempotencyKey?: string;
}

/** The events a publish wrote, and the token that reads them back (pass it as `after`). */
export interface Published {
  token: string;
  events: PublishResult[];
}

type Window = { from?: Date | string; to?: Date | string };
export type MessagesOptions = ReadOptions & Window & Omit<QueryOf<"listMessages">, "from" | "to" | "after" | "waitMs" | "maxStandbyLag" | "asOf"> & {
  asOf?: Date | string;
};
export type SearchOptions = ReadOptions & Window & Omit<QueryOf<"search">, "q" | "from" | "to" | "after" | "waitMs" | "maxStandbyLag">;
export type FindEntitiesOptions = ReadOptions & Omit<QueryOf<"findEntities">, "maxStandbyLag">;
export type RelationsOptions = ReadOptions & Omit<QueryOf<"getRelations">, "maxStandbyLag">;
export type NeighboursOptions = ReadOptions & Omit<QueryOf<"getNeighbours">, "maxStandbyLag">;
export type MentionsOptions = ReadOptions & Omit<QueryOf<"getMentions">, "maxStandbyLag">;

/**
 * A tenant's memory on one memlog node, over its HTTP API. Every method returns the node's JSON answer (typed from
 * the API document), `freshness` included. Errors: {@link ProblemError} for an error answer (with the problem's
 * `errors`), {@link TransportError} when the node does not answer; a cancelled call rejects with its signal's reason.
 */
export class MemlogClient {
  readonly tenant: string;
  private readonly http: Transport;
  private readonly tenantPath: string;
  private readonly maxStandbyLag: number | undefined;

  constructor(options: MemlogClientOptions) {
    this.tenant = checkTenant(options.tenant);
    this.http = new Transport(options);
    this.tenantPath = `/v1/tenants/${segment(this.tenant)}`;
    this.maxStandbyLag = options.maxStandbyLag;
  }

  /** A builder of this tenant's events, as published by `agentId`. */
  events(agentId: string, runtime: string | null = "memlog-typescript"): Events {
    return new Events(this.tenant, agentId, runtime);
  }

  // ---- publishing

  /** Publishes one event; see {@link publishAll}. */
  publish(event: EventInput, options?: PublishOptions): Promise<Published> {
    return this.publishAll([event], options);
  }

  /**
   * Publishes 1 to 1,000 events of this tenant in one request. The node validates them all before it sends any: a
   * bad batch publishes nothing, and the 400 problem lists every wrong field of every event (`errors`, by `index`).
   * Retried like a read, because it is idempotent: every event has an `eventId` before the first attempt (its own,
   * a new UUID, or one the node derives from `idempotencyKey`), and memlog applies an event id once.
   */
  async publishAll(events: readonly EventInput[], options: PublishOptions = {}): Promise<Published> {
    if (events.length === 0) {
      throw new RangeError("publish at least one event");
    }
    if (events.length > MAX_BATCH) {
      throw new RangeError(`publish at most ${MAX_BATCH} events at once, got ${events.length}`);
    }
    const batch = options.idempotencyKey !== undefined
      ? events
      : events.map((event) => (event.eventId === undefined ? { ...event, eventId: newEventId() } : event));
    const answer = await this.http.request<PublishAnswer>({
      method: "POST",
      path: `${this.tenantPath}/events`,
      body: batch,
      idempotent: true,
      headers: { "Idempotency-Key": options.idempotencyKey },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return { token: answer.token, events: answer.published };
  }

  // ---- conversations

  /** A conversation's summary and latest messages, newest first. */
  conversation(conversationId: string, options: ReadOptions = {}): Promise<ConversationAnswer> {
    return this.read(conversationPath(conversationId), options);
  }

  /**
   * One page of a conversation's messages in time order (`limit` 1-500, default 50); pass the page's `nextCursor`
   * as `cursor` for the next. `from` (inclusive) and `to` (exclusive) bound the time; `asOf` / `asOfOffset` read
   * the conversation as it was then.
   */
  messagesPage(conversationId: string, options: MessagesOptions = {}): Promise<MessagePage> {
    const { limit, cursor, order, from, to, asOf, asOfOffset } = options;
    return this.read(`${conversationPath(conversationId)}/messages`, options,
      { limit, cursor, order, from: time(from), to: time(to), asOf: time(asOf), asOfOffset });
  }

  /**
   * Every message of a conversation, page by page as the iteration goes on (`limit` is the page size). `after`
   * applies to the first page; the pages after it follow its cursor.
   */
  async *messages(conversationId: string, options: MessagesOptions = {}): AsyncGenerator<Message, void, undefined> {
    let cursor: string | null | undefined = options.cursor;
    let first = true;
    while (first || cursor) {
      const page: MessagePage = await this.messagesPage(conversationId, {
        ...options, cursor: cursor ?? undefined, after: first ? options.after : undefined,
        waitMs: first ? options.waitMs : undefined,
      });
      yield* page.messages;
      cursor = page.nextCursor;
      first = false;
    }
  }

  // ---- search

  /**
   * Full-text search over the tenant's messages, best first (`limit` 1-100, default 20), with filters. An answer with
   * `partial: true` lacks the partitions in `missingPartitions`.
   */
  search(q: string, options: SearchOptions = {}): Promise<SearchAnswer> {
    const { mode, rank, limit, offset, conversationId, role, agentId, from, to } = options;
    return this.read("/search", options,
      { q, mode, rank, limit, offset, conversationId, role, agentId, from: time(from), to: time(to) });
  }

  // ---- entities

  entity(entityId: string, options: ReadOptions = {}): Promise<EntityAnswer> {
    return this.read(entityPath(entityId), options);
  }

  /** Entities by name prefix (any case) and/or type; give at least one. */
  findEntities(options: FindEntitiesOptions): Promise<EntitiesAnswer> {
    if (options.name === undefined && options.type === undefined) {
      throw new TypeError("give name (a prefix) or type, or both");
    }
    return this.read("/entities", options, { name: options.name, type: options.type, limit: options.limit });
  }

  /** The relations from and to an entity, strongest first. */
  relations(entityId: string, options: RelationsOptions = {}): Promise<RelationsAnswer> {
    return this.read(`${entityPath(entityId)}/relations`, options, { limit: options.limit });
  }

  /** The entities within `depth` (1-3) relations of an entity, both ways, each once at its distance. */
  neighbours(entityId: string, options: NeighboursOptions = {}): Promise<NeighboursAnswer> {
    return this.read(`${entityPath(entityId)}/neighbours`, options, { depth: options.depth, fanOut: options.fanOut });
  }

  /** The messages that mention an entity, newest first. */
  mentions(entityId: string, options: MentionsOptions = {}): Promise<MentionsAnswer> {
    return this.read(`${entityPath(entityId)}/mentions`, options, { limit: options.limit });
  }

  // ---- operations

  /** Every partition's applied offset, end offset, lag and time of the last applied event. */
  freshness(options: CallOptions = {}): Promise<FreshnessAnswer> {
    return this.http.request({ method: "GET", path: "/v1/freshness", signal: options.signal, timeoutMs: options.timeoutMs });
  }

  private read<T>(path: string, options: ReadOptions, query: Record<string, QueryValue> = {}): Promise<T> {
    return this.http.request<T>({
      method: "GET",
      path: this.tenantPath + path,
      query: { ...query, waitMs: options.waitMs, maxStandbyLag: this.maxStandbyLag },
      headers: { "X-Memlog-After": options.after },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
  }
}

function conversationPath(conversationId: string): string {
  return `/conversations/${segment(conversationId)}`;
}

function entityPath(entityId: string): string {
  return `/entities/${segment(entityId)}`;
}

function time(value: Date | string | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}
