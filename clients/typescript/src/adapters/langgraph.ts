/**
 * memlog as LangGraph.js long-term memory (`@langchain/langgraph`'s BaseStore).
 *
 *     import { MemlogStore } from "@memlog/client/langgraph";
 *     const store = new MemlogStore({ client });
 *     await store.put(["users", "ana", "memories"], "m1", { text: "prefers tea" });
 *     await store.search(["users", "ana"], { query: "tea" });
 */
import {
  BaseStore, type GetOperation, type Item, type ListNamespacesOperation, type MatchCondition, type Operation,
  type OperationResults, type PutOperation, type SearchOperation,
} from "@langchain/langgraph";
import type { MemlogClient } from "../client.js";
import { ProblemError, UnsupportedError } from "../errors.js";
import type { Entity, EventInput } from "../types.js";
import { MonotonicClock } from "./shared.js";

/** An item a search found, with its score (the same as LangGraph's SearchItem). */
export type SearchItem = Item & { score?: number };

/** The entity type of the items this store writes. */
export const ITEM_TYPE = "langgraph.item";
/** The most items a search without a query, or listNamespaces, can see: memlog's entity lookup answers 500 at most. */
export const MAX_LISTED = 500;

export interface MemlogStoreOptions {
  client: MemlogClient;
  /** The agent the items are published as (`source.agentId`, default `langgraph-store`); searches keep to it. */
  agentId?: string;
  /**
   * Whether `delete` forgets the item (entity.forgotten.v1 and message.redacted.v1). memlog's forgetting is final:
   * the key can never be written again in that namespace (later puts are ignored by memlog). Default false:
   * `delete` throws an UnsupportedError instead.
   */
  deleteForgets?: boolean;
  /** Passed with every read: the most the node waits for this store's own writes (default 10,000 ms). */
  waitMs?: number;
}

/**
 * A LangGraph store on memlog. The store's tenant is the client's; each item is a memlog entity (type
 * `langgraph.item`, id and name from its namespace and key, the value as JSON in an attribute), read by id for `get`;
 * and, so that `search` with a `query` can use memlog's full-text search, the text of the value is also a message in
 * a conversation per namespace (`lg/NAMESPACE`, message id = key). Reads wait for this store's own writes.
 *
 * What memlog cannot do, said rather than faked:
 * - `delete` throws {@link UnsupportedError} unless `deleteForgets` is set; then it forgets the item for good, and a
 *   later `put` of the same namespace and key is ignored by memlog.
 * - A value is at most about 700 KB of JSON (an event is at most 1 MiB once sealed; the JSON is kept in attributes
 *   of 10,000 characters, at most 100).
 * - Search ranks by memlog's bm25, not by embeddings (an `index` config with embeddings is not used); `index` on put
 *   chooses the fields whose text is searchable (`false`: none).
 * - A search without a query and `listNamespaces` see at most {@link MAX_LISTED} items (memlog's entity lookup has
 *   no paging); a search with a query sees memlog's best 100 hits of the tenant's store items.
 */
export class MemlogStore extends BaseStore {
  private readonly client: MemlogClient;
  private readonly agentId: string;
  private readonly deleteForgets: boolean;
  private readonly waitMs: number;
  private readonly clock = new MonotonicClock();
  private token: string | undefined;

  constructor(options: MemlogStoreOptions) {
    super();
    this.client = options.client;
    this.agentId = options.agentId ?? "langgraph-store";
    this.deleteForgets = options.deleteForgets ?? false;
    this.waitMs = options.waitMs ?? 10_000;
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    for (const operation of operations) {
      results.push(await this.apply(operation));
    }
    return results as OperationResults<Op>;
  }

  private apply(operation: Operation): Promise<unknown> {
    if ("key" in operation && "value" in operation) {
      return this.putItem(operation);
    }
    if ("key" in operation) {
      return this.getItem(operation);
    }
    if ("namespacePrefix" in operation) {
      return this.searchItems(operation);
    }
    return this.namespaces(operation);
  }

  private async getItem(operation: GetOperation): Promise<Item | null> {
    const entity = await this.entity(itemId(operation.namespace, operation.key));
    return entity === null ? null : toItem(entity);
  }

  private async putItem(operation: PutOperation): Promise<void> {
    const { namespace, key, value } = operation;
    const id = itemId(namespace, key);
    const conversationId = namespaceConversation(namespace);
    const events = this.client.events(this.agentId, "langgraph-js");
    if (value === null) {
      if (!this.deleteForgets) {
        throw new UnsupportedError("memlog cannot delete a store item and write its key again: forgetting is final. "
          + "Construct MemlogStore with deleteForgets: true to forget items for good (the key cannot be reused).");
      }
      await this.publish([
        events.entityForgotten(id, "deleted from the LangGraph store", { occurredAt: this.clock.next() }),
        events.messageRedacted(conversationId, messageId(key), "deleted from the LangGraph store", { occurredAt: this.clock.next() }),
      ]);
      return;
    }
    const existing = await this.entity(id);
    const now = this.clock.next();
    const createdAt = existing?.attributes.createdAt ?? now.toISOString();
    const attributes = { namespace: JSON.stringify(namespace), key, createdAt, ...valueAttributes(value) };
    const batch: EventInput[] = [events.entityUpserted(id, ITEM_TYPE, itemName(namespace, key), attributes, { occurredAt: now })];
    const text = searchableText(value, operation.index);
    if (text !== "" || existing !== null) {
      // appended is counted once; the edit with the latest time gives the text of this put
      batch.push(events.messageAppended(conversationId, messageId(key), "system", text, { occurredAt: now }));
      batch.push(events.messageEdited(conversationId, messageId(key), text, { occurredAt: this.clock.next() }));
    }
    await this.publish(batch);
  }

  private async searchItems(operation: SearchOperation): Promise<SearchItem[]> {
    const { namespacePrefix, query, filter, limit = 10, offset = 0 } = operation;
    let found: SearchItem[];
    if (query !== undefined && query.trim() !== "") {
      const answer = await this.client.search(query, { agentId: this.agentId, limit: 100, after: this.token, waitMs: this.waitMs });
      const prefix = conversationPrefix(namespacePrefix);
      const hits = answer.hits.filter((h) => h.conversationId === prefix.slice(0, -1) || h.conversationId.startsWith(prefix));
      const entities = await Promise.all(hits.map((h) => this.entity(hitItemId(h.conversationId, h.messageId))));
      found = entities.flatMap((entity, i) => (entity === null ? [] : [{ ...toItem(entity), score: hits[i]!.score }]));
    } else {
      const listed = await this.listed(namespacePrefix);
      found = (await Promise.all(listed.map((e) => this.entity(e.entityId)))).flatMap((e) => (e === null ? [] : [toItem(e)]));
    }
    return found.filter((item) => matches(item.value, filter)).slice(offset, offset + limit);
  }

  private async namespaces(operation: ListNamespacesOperation): Promise<string[][]> {
    const prefix = operation.matchConditions?.find((c) => c.matchType === "prefix" && !c.path.includes("*"))?.path ?? [];
    const all = new Map<string, string[]>();
    for (const entity of await this.listed(prefix)) {
      let namespace = parseName(entity.name).namespace;
      if (!(operation.matchConditions ?? []).every((condition) => matchesCondition(condition, namespace))) {
        continue;
      }
      if (operation.maxDepth !== undefined) {
        namespace = namespace.slice(0, operation.maxDepth);
      }
      all.set(JSON.stringify(namespace), namespace);
    }
    return [...all.values()].sort(compareNamespaces).slice(operation.offset, operation.offset + operation.limit);
  }

  /** The items whose namespace starts with `prefix`, by name (at most {@link MAX_LISTED}). */
  private async listed(prefix: string[]): Promise<{ entityId: string; name: string }[]> {
    const name = prefix.length === 0 ? undefined : namespacePath(prefix) + "/";
    const answer = await this.client.findEntities({ type: ITEM_TYPE, name, limit: MAX_LISTED, after: this.token, waitMs: this.waitMs });
    // memlog matches a name prefix in any case: keep the exact ones
    return answer.entities.filter((e) => name === undefined || e.name.startsWith(name));
  }

  private async entity(id: string): Promise<Entity | null> {
    try {
      return (await this.client.entity(id, { after: this.token, waitMs: this.waitMs })).entity;
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) {
        return null;
      }
      throw error;
    }
  }

  private async publish(events: EventInput[]): Promise<void> {
    this.token = (await this.client.publishAll(events)).token;
  }
}

// Namespaces and keys are escaped segment by segment, so "/" separates labels and "#" the key in every name.
function namespacePath(namespace: string[]): string {
  return namespace.map(encodeURIComponent).join("/");
}

function itemName(namespace: string[], key: string): string {
  return `${namespacePath(namespace)}/#${encodeURIComponent(key)}`;
}

function itemId(namespace: string[], key: string): string {
  return `lg/${itemName(namespace, key)}`;
}

function namespaceConversation(namespace: string[]): string {
  return `lg/${namespacePath(namespace)}/`;
}

function conversationPrefix(prefix: string[]): string {
  return prefix.length === 0 ? "lg/" : `lg/${namespacePath(prefix)}/`;
}

function messageId(key: string): string {
  return encodeURIComponent(key);
}

function hitItemId(conversationId: string, message: string): string {
  return `${conversationId}#${message}`;
}

function parseName(name: string): { namespace: string[]; key: string } {
  const cut = name.lastIndexOf("/#");
  const path = name.slice(0, cut);
  return { namespace: path === "" ? [] : path.split("/").map(decodeURIComponent), key: decodeURIComponent(name.slice(cut + 2)) };
}

function toItem(entity: Entity): Item {
  const { namespace, key } = parseName(entity.name);
  const updatedAt = new Date(entity.updatedAt);
  const createdAt = entity.attributes.createdAt === undefined ? updatedAt : new Date(entity.attributes.createdAt);
  return { namespace, key, value: readValue(entity.attributes), createdAt, updatedAt };
}

// memlog's attribute values are at most 10,000 characters: a longer value's JSON is cut into numbered parts
const ATTRIBUTE_CHARS = 10_000;

function valueAttributes(value: Record<string, unknown>): Record<string, string> {
  const json = JSON.stringify(value);
  if (json.length <= ATTRIBUTE_CHARS) {
    return { value: json };
  }
  const parts: Record<string, string> = {};
  let count = 0;
  for (let start = 0; start < json.length; start += ATTRIBUTE_CHARS, count++) {
    parts[`value.${count}`] = json.slice(start, start + ATTRIBUTE_CHARS);
  }
  return { valueParts: String(count), ...parts };
}

function readValue(attributes: Record<string, string>): Record<string, unknown> {
  if (attributes.valueParts === undefined) {
    return JSON.parse(attributes.value ?? "{}") as Record<string, unknown>;
  }
  const count = Number(attributes.valueParts);
  return JSON.parse(Array.from({ length: count }, (_, i) => attributes[`value.${i}`] ?? "").join("")) as Record<string, unknown>;
}

/** The text memlog indexes for a value: the string and number leaves of `fields` (all of them by default). */
function searchableText(value: Record<string, unknown>, index: false | string[] | undefined): string {
  if (index === false) {
    return "";
  }
  const roots = index === undefined ? [value] : index.map((field) => field.split(".").reduce<unknown>(
    (at, part) => (at !== null && typeof at === "object" ? (at as Record<string, unknown>)[part] : undefined), value));
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string" || typeof node === "number") {
      texts.push(String(node));
    } else if (node !== null && typeof node === "object") {
      Object.values(node).forEach(walk);
    }
  };
  roots.forEach(walk);
  return texts.join("\n");
}

function matches(value: Record<string, unknown>, filter: Record<string, unknown> | undefined): boolean {
  return Object.entries(filter ?? {}).every(([field, expected]) => JSON.stringify(value[field]) === JSON.stringify(expected));
}

function matchesCondition(condition: MatchCondition, namespace: string[]): boolean {
  const { path, matchType } = condition;
  if (path.length > namespace.length) {
    return false;
  }
  const part = matchType === "prefix" ? namespace.slice(0, path.length) : namespace.slice(namespace.length - path.length);
  return path.every((label, i) => label === "*" || label === part[i]);
}

function compareNamespaces(a: string[], b: string[]): number {
  return a.join("\u0000") < b.join("\u0000") ? -1 : a.join("\u0000") > b.join("\u0000") ? 1 : 0;
}
