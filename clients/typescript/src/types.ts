// The API's JSON answers, named: every type here is taken from the generated API document (generated/api.ts).
import type { components, operations } from "./generated/api.js";

type Schemas = components["schemas"];
type Ok<Op extends keyof operations> = operations[Op]["responses"] extends { 200: { content: { "application/json": infer T } } }
  ? T
  : never;

export type Role = Schemas["Role"];
export type Freshness = Schemas["Freshness"];
export type PartitionFreshness = Schemas["PartitionFreshness"];
export type Attachment = Schemas["Attachment"];
export type Message = Schemas["Message"];
export type ConversationSummary = Schemas["ConversationSummary"];
export type SearchHit = Schemas["SearchHit"];
export type SearchInterpretation = Schemas["SearchInterpretation"];
export type Entity = Schemas["Entity"];
export type EntitySummary = Schemas["EntitySummary"];
export type Relation = Schemas["Relation"];
export type Mention = Schemas["Mention"];
export type PublishResult = Schemas["PublishResult"];

/** One memlog event as the node stores it (`eventId`, `tenant` and `occurredAt` set). */
export type Event = Schemas["Event"];
/** An event's `type`, e.g. `message.appended.v2`. */
export type EventType = Event["type"];

type Defaulted = "eventId" | "tenant" | "occurredAt";
/**
 * An event as it may be sent: `tenant` and `occurredAt` may be left out (the node fills them in), and so may
 * `eventId` (the client gives it one, or the node derives it from the request's Idempotency-Key).
 */
export type EventInput = Event extends infer E ? (E extends Event ? Omit<E, Defaulted> & Partial<Pick<E, Defaulted>> : never) : never;

export type ConversationAnswer = Ok<"getConversation">;
export type MessagePage = Ok<"listMessages">;
export type SearchAnswer = Ok<"search">;
export type EntityAnswer = Ok<"getEntity">;
export type EntitiesAnswer = Ok<"findEntities">;
export type RelationsAnswer = Ok<"getRelations">;
export type NeighboursAnswer = Ok<"getNeighbours">;
export type MentionsAnswer = Ok<"getMentions">;
export type FreshnessAnswer = Ok<"getFreshness">;
export type PublishAnswer = operations["publishEvents"]["responses"][202]["content"]["application/json"];

/** The query parameters of an operation, as the API document names and types them. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;
