// The OpenAI Agents SDK adapter as an Agents SDK user runs it: run(agent, input, { session }) with a memlog session.
// The model is a scripted one (the SDK's Model interface), so no model service is called.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, describe, it } from "node:test";
import {
  Agent, type AgentInputItem, type Model, type ModelRequest, type ModelResponse, Usage, run, setTracingDisabled, tool,
} from "@openai/agents";
import { z } from "zod";
import { MemlogSession } from "../src/adapters/openai-agents.js";
import { client, id } from "./helpers.js";

/** Answers with the next scripted output, and keeps what it was asked. */
class ScriptedModel implements Model {
  readonly inputs: AgentInputItem[][] = [];

  constructor(private readonly outputs: ModelResponse["output"][]) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.inputs.push(typeof request.input === "string" ? [{ role: "user", content: request.input }] : structuredClone(request.input));
    const output = this.outputs.shift();
    assert.ok(output, "the model was asked more often than scripted");
    return { usage: new Usage(), output };
  }

  async *getStreamedResponse(): AsyncIterable<never> {
    throw new Error("not streamed in these tests");
  }
}

const say = (text: string): ModelResponse["output"] => [
  { type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text }] },
];

describe("OpenAI Agents session", () => {
  before(() => setTracingDisabled(true));

  it("should give the next run the items of the runs before it, tool calls included", async () => {
    const memory = await client();
    const word = `parcel${randomBytes(4).toString("hex")}`;
    const session = new MemlogSession({ client: memory, conversationId: id("oa") });
    const track = tool({
      name: "track_parcel", description: "Where a parcel is", parameters: z.object({ parcel: z.string() }),
      execute: async ({ parcel }) => `${parcel} is in Lisbon`,
    });
    const model = new ScriptedModel([
      [{ type: "function_call", callId: "call-1", name: "track_parcel", arguments: JSON.stringify({ parcel: word }), status: "completed" }],
      say(`Your ${word} is in Lisbon.`),
      say("You asked about one parcel."),
    ]);
    const agent = new Agent({ name: "support", instructions: "Help with parcels.", model, tools: [track] });

    const first = await run(agent, `Where is ${word}?`, { session });
    const second = await run(agent, "What did I ask?", { session });

    assert.equal(first.finalOutput, `Your ${word} is in Lisbon.`);
    assert.equal(second.finalOutput, "You asked about one parcel.");
    const seen = model.inputs[2]!.map((item) => (item as { type?: string }).type ?? "message");
    assert.deepEqual(seen, ["message", "function_call", "function_call_result", "message", "message"]);
    const stored = await session.getItems();
    assert.deepEqual(stored.map((item) => (item as { type?: string }).type ?? "message"),
      ["message", "function_call", "function_call_result", "message", "message", "message"]);
    assert.deepEqual(await session.getItems(2), stored.slice(-2));
    const hits = await memory.search(word, { conversationId: await session.getSessionId(), rank: "bm25" });
    assert.deepEqual(hits.hits.map((h) => h.role).sort(), ["assistant", "assistant", "tool", "user"]);
  });

  it("should give back an item too large for an attachment exactly, as the JSON content of its message", async () => {
    const memory = await client();
    const session = new MemlogSession({ client: memory });
    const word = `lisbon${randomBytes(4).toString("hex")}`;
    const big: AgentInputItem = { type: "message", role: "assistant", status: "completed", id: "msg-1",
      content: [{ type: "output_text", text: `${word} ${"and so on ".repeat(5_000)}` }] };
    const small: AgentInputItem = { role: "user", content: "thanks" };

    await session.addItems([big, small]);

    assert.deepEqual(await session.getItems(), [big, small]);
    const page = await memory.messagesPage(await session.getSessionId());
    assert.deepEqual(page.messages.map((m) => m.content), [JSON.stringify(big), "thanks"]);
    assert.deepEqual(page.messages.map((m) => m.attachments[0]?.uri === null), [true, false]);
    const hits = await memory.search(word, { conversationId: await session.getSessionId() });
    assert.equal(hits.found, 1);
  });

  it("should pop the last item and clear the session by redacting", async () => {
    const memory = await client();
    const session = new MemlogSession({ client: memory });
    await session.addItems([
      { role: "user", content: "first" },
      { type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "second" }] },
    ]);

    const popped = await session.popItem();
    const left = await session.getItems();
    await session.clearSession();
    const cleared = await session.getItems();
    await session.addItems([{ role: "user", content: "again" }]);

    assert.deepEqual(popped, { type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: "second" }] });
    assert.deepEqual(left, [{ role: "user", content: "first" }]);
    assert.deepEqual(cleared, []);
    assert.deepEqual(await session.getItems(), [{ role: "user", content: "again" }]);
    const page = await memory.messagesPage(await session.getSessionId());
    assert.deepEqual(page.messages.map((m) => m.redacted), [true, true, false]);
  });
});
