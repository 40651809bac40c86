// The client against a real memlog node: publish, read back with the token, search, page, entities, problems.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { type EventInput, ProblemError } from "../src/index.js";
import { WAIT_MS, client, id } from "./helpers.js";

describe("publish and read", () => {
  it("should find a published message and read it back with its token", async () => {
    const memory = await client();
    const conversation = id("c");
    const word = `parcel${randomBytes(4).toString("hex")}`;
    const event = memory.events("support-bot").messageAppended(conversation, "m-1", "user", `My ${word} never arrived`);

    const written = await memory.publish(event);

    const hits = await memory.search(word, { conversationId: conversation, after: written.token, waitMs: WAIT_MS });
    const summary = await memory.conversation(conversation, { after: written.token, waitMs: WAIT_MS });
    assert.deepEqual(hits.hits.map((h) => h.messageId), ["m-1"]);
    assert.match(hits.hits[0]?.snippet ?? "", new RegExp(`<mark>${word}</mark>`));
    assert.deepEqual(summary.conversation.latestMessages.map((m) => m.content), [`My ${word} never arrived`]);
    assert.deepEqual(written.events.map((e) => e.eventId), [event.eventId]);
    const published = written.events[0]!;
    const applied = summary.freshness.partitions.find((p) => p.partition === published.partition);
    assert.ok(applied !== undefined && applied.appliedOffset >= published.offset, JSON.stringify(summary.freshness));
  });

  it("should count an event sent twice once", async () => {
    const memory = await client();
    const conversation = id("c");
    const event = memory.events("support-bot").messageAppended(conversation, "m-1", "user", "Sent twice, counted once");

    await memory.publish(event);
    const again = await memory.publish(event);

    const summary = await memory.conversation(conversation, { after: again.token, waitMs: WAIT_MS });
    assert.equal(summary.conversation.messageCount, 1);
  });

  it("should derive event ids from an Idempotency-Key so a repeated request counts once", async () => {
    const memory = await client();
    const conversation = id("c");
    const key = id("turn");
    const events: EventInput[] = [
      { type: "message.appended.v2", source: { agentId: "ts-bot" }, conversationId: conversation, messageId: "m-1", role: "user", content: "one" },
      { type: "message.appended.v2", source: { agentId: "ts-bot" }, conversationId: conversation, messageId: "m-2", role: "assistant", content: "two" },
    ];

    const first = await memory.publishAll(events, { idempotencyKey: key });
    const second = await memory.publishAll(events, { idempotencyKey: key });

    assert.deepEqual(first.events.map((e) => e.eventId), [`${key}#0`, `${key}#1`]);
    assert.deepEqual(second.events.map((e) => e.eventId), [`${key}#0`, `${key}#1`]);
    const summary = await memory.conversation(conversation, { after: second.token, waitMs: WAIT_MS });
    assert.equal(summary.conversation.messageCount, 2);
  });

  it("should page a history with its cursor", async () => {
    const memory = await client();
    const events = memory.events("support-bot");
    const conversation = id("c");
    const start = Date.parse("2026-11-21T10:00:00Z");
    const at = (minutes: number) => ({ occurredAt: new Date(start + minutes * 60_000) });
    const written = await memory.publishAll([
      events.conversationStarted(conversation, "Lost parcel", at(0)),
      ...[0, 1, 2, 3, 4].map((i) => events.messageAppended(conversation, `m-${i}`, "user", `message number ${i}`, at(i + 1))),
    ]);

    const first = await memory.messagesPage(conversation, { limit: 2, after: written.token, waitMs: WAIT_MS });
    const every = [];
    for await (const message of memory.messages(conversation, { limit: 2 })) {
      every.push(message.messageId);
    }
    const newest = await memory.messagesPage(conversation, { order: "desc", limit: 1 });
    const window = [];
    for await (const message of memory.messages(conversation, { from: at(2).occurredAt, to: at(4).occurredAt })) {
      window.push(message.messageId);
    }

    assert.deepEqual(first.messages.map((m) => m.messageId), ["m-0", "m-1"]);
    assert.ok(first.nextCursor);
    assert.deepEqual(every, ["m-0", "m-1", "m-2", "m-3", "m-4"]);
    assert.deepEqual(newest.messages.map((m) => m.messageId), ["m-4"]);
    assert.deepEqual(window, ["m-1", "m-2"]);
  });

  it("should search with filters", async () => {
    const memory = await client();
    const conversation = id("c");
    const other = id("c");
    const word = `kettle${randomBytes(4).toString("hex")}`;
    const written = await memory.publishAll([
      memory.events("support-bot").messageAppended(conversation, "m-1", "user", `Where is my ${word}?`),
      memory.events("courier-bot").messageAppended(conversation, "m-2", "assistant", `Your ${word} ships today.`),
      memory.events("support-bot").messageAppended(other, "m-1", "user", "Nothing to see here"),
    ]);

    const everything = await memory.search(word, { after: written.token, waitMs: WAIT_MS });
    const byAssistant = await memory.search(word, { role: "assistant" });
    const byAgent = await memory.search(word, { agentId: "support-bot" });
    const elsewhere = await memory.search(word, { conversationId: other });

    assert.deepEqual(everything.hits.map((h) => h.messageId).sort(), ["m-1", "m-2"]);
    assert.ok(everything.query.terms.includes(word));
    assert.equal(everything.found, 2);
    assert.deepEqual(byAssistant.hits.map((h) => h.messageId), ["m-2"]);
    assert.deepEqual(byAgent.hits.map((h) => h.messageId), ["m-1"]);
    assert.deepEqual(elsewhere.hits, []);
    assert.equal(elsewhere.found, 0);
  });

  it("should read entities, relations, neighbours and mentions", async () => {
    const memory = await client();
    const events = memory.events("support-bot");
    const order = id("order");
    const customer = id("customer");
    const conversation = id("c");
    const written = await memory.publishAll([
      events.entityUpserted(order, "order", `Order ${order}`, { status: "late" }),
      events.entityUpserted(customer, "customer", "Ana"),
      events.relationAsserted(customer, "placed", order, 0.9),
      events.messageAppended(conversation, "m-1", "user", `Where is ${order}?`),
      events.entityMentioned(conversation, "m-1", order),
    ]);

    const entity = await memory.entity(order, { after: written.token, waitMs: WAIT_MS });
    const found = await memory.findEntities({ name: `order ${order}`, type: "order" });
    const relations = await memory.relations(customer);
    const neighbours = await memory.neighbours(customer, { depth: 1 });
    const mentions = await memory.mentions(order);

    assert.deepEqual(entity.entity.attributes, { status: "late" });
    assert.deepEqual(found.entities.map((e) => e.entityId), [order]);
    assert.deepEqual(relations.outgoing.map((r) => [r.relationType, r.toEntityId]), [["placed", order]]);
    assert.deepEqual(neighbours.entities, { [customer]: 0, [order]: 1 });
    assert.deepEqual(mentions.mentions.map((m) => [m.conversationId, m.messageId]), [[conversation, "m-1"]]);
  });

  it("should say how fresh the memory is", async () => {
    const memory = await client();
    const conversation = id("c");
    const written = await memory.publish(memory.events("support-bot").messageAppended(conversation, "m-1", "user", "hello"));
    await memory.conversation(conversation, { after: written.token, waitMs: WAIT_MS });

    const { freshness } = await memory.freshness();

    assert.equal(freshness.partitions.length, 3);
    const published = written.events[0]!;
    const partition = freshness.partitions.find((p) => p.partition === published.partition);
    assert.ok(partition !== undefined && partition.appliedOffset >= published.offset, JSON.stringify(freshness));
  });
});

describe("problems", () => {
  it("should throw a batch with an invalid event as a problem listing it, and publish nothing", async () => {
    const memory = await client();
    const conversation = id("c");
    const events = memory.events("support-bot");
    const bad = { ...events.messageAppended(conversation, "m-2", "user", "bad"), role: "robot" } as unknown as EventInput;

    const thrown = await memory.publishAll([events.messageAppended(conversation, "m-1", "user", "good"), bad])
      .then(() => undefined, (error: unknown) => error);

    assert.ok(thrown instanceof ProblemError, String(thrown));
    assert.equal(thrown.status, 400);
    assert.ok(thrown.requestId);
    assert.deepEqual(thrown.errors.map((e) => [e.index, e.field, e.reason]), [[1, "$.role", "SCHEMA_VIOLATION"]]);
    await assert.rejects(memory.conversation(conversation), (e: unknown) => e instanceof ProblemError && e.status === 404);
  });

  it("should throw a refused parameter as a problem naming it", async () => {
    const memory = await client();

    const thrown = await memory.search("parcel", { limit: 0 }).then(() => undefined, (error: unknown) => error);

    assert.ok(thrown instanceof ProblemError, String(thrown));
    assert.equal(thrown.status, 400);
    assert.deepEqual(thrown.errors.map((e) => e.field), ["limit"]);
  });

  it("should throw an unknown key as a 401 problem without retrying it", async () => {
    const memory = await client("mlk_not_a_key");

    await assert.rejects(memory.freshness(), (e: unknown) => e instanceof ProblemError && e.status === 401);
  });
});
