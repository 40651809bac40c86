/**
 * memlog: publish an agent's events to memlog and read its memory back, over the node's HTTP API.
 *
 *     import { MemlogClient } from "@memlog/client";
 *     const client = new MemlogClient({ baseUrl: "http://127.0.0.1:8080", apiKey, tenant: "acme" });
 *     const written = await client.publish(client.events("support-bot").messageAppended("c-42", "m-1", "user", "Hi"));
 *     (await client.search("hi", { after: written.token })).hits;
 */
export { MAX_BATCH, MemlogClient } from "./client.js";
export type {
  CallOptions, FindEntitiesOptions, MemlogClientOptions, MentionsOptions, MessagesOptions, NeighboursOptions,
  PublishOptions, Published, ReadOptions, RelationsOptions, SearchOptions,
} from "./client.js";
export { Events, checkTenant, newEventId } from "./events.js";
export type { EventOptions } from "./events.js";
export { MemlogError, ProblemError, TransportError, UnsupportedError } from "./errors.js";
export type { FieldError, Problem } from "./errors.js";
export { DEFAULT_RETRY, Transport } from "./http.js";
export type { HttpRequest, RetryPolicy, TransportOptions } from "./http.js";
export type * from "./types.js";
export type { components, operations, paths } from "./generated/api.js";
