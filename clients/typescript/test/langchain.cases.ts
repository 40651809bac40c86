// The LangChain.js adapter as a LangChain user runs it: a chain with RunnableWithMessageHistory on a memlog conversation.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import { RunnableLambda, RunnableWithMessageHistory } from "@langchain/core/runnables";
import type { ChatPromptValue } from "@langchain/core/prompt_values";
import { MemlogChatMessageHistory } from "../src/adapters/langchain.js";
import { WAIT_MS, client, id } from "./helpers.js";

describe("LangChain chat message history", () => {
  it("should give a chain the conversation so far, and keep every turn in memlog", async () => {
    const memory = await client();
    const conversation = id("lc");
    const word = `kettle${randomBytes(4).toString("hex")}`;
    const prompts: BaseMessage[][] = [];
    const model = RunnableLambda.from(async (prompt: ChatPromptValue) => {
      prompts.push(prompt.toChatMessages());
      return new AIMessage(`answer ${prompts.length}`);
    });
    const chain = ChatPromptTemplate.fromMessages([
      ["system", "You are a support agent."], new MessagesPlaceholder("history"), ["human", "{question}"],
    ]).pipe(model);
    const histories = new Map<string, MemlogChatMessageHistory>();
    const withHistory = new RunnableWithMessageHistory({
      runnable: chain,
      getMessageHistory: (sessionId: string) => {
        if (!histories.has(sessionId)) {
          histories.set(sessionId, new MemlogChatMessageHistory({ client: memory, conversationId: sessionId }));
        }
        return histories.get(sessionId)!;
      },
      inputMessagesKey: "question",
      historyMessagesKey: "history",
    });
    const config = { configurable: { sessionId: conversation } };

    await withHistory.invoke({ question: "Where is my parcel?" }, config);
    await withHistory.invoke({ question: `And my ${word}?` }, config);

    assert.deepEqual(prompts[1]?.map((m) => [m.type, m.text]), [
      ["system", "You are a support agent."], ["human", "Where is my parcel?"], ["ai", "answer 1"], ["human", `And my ${word}?`],
    ]);
    const fresh = new MemlogChatMessageHistory({ client: memory, conversationId: conversation });
    const stored = await histories.get(conversation)!.getMessages();
    assert.deepEqual(stored.map((m) => [m.type, m.text]), [
      ["human", "Where is my parcel?"], ["ai", "answer 1"], ["human", `And my ${word}?`], ["ai", "answer 2"],
    ]);
    assert.equal((await fresh.getMessages()).length, 4);
    const hits = await memory.search(word, { conversationId: conversation, waitMs: WAIT_MS });
    assert.deepEqual(hits.hits.map((h) => h.role), ["user"]);
  });

  it("should read back tool calls and tool results as LangChain wrote them", async () => {
    const memory = await client();
    const history = new MemlogChatMessageHistory({ client: memory, conversationId: id("lc") });
    const call = { id: "call-1", name: "track_parcel", args: { parcel: "77" }, type: "tool_call" as const };

    await history.addMessages([
      new SystemMessage("You track parcels."),
      new AIMessage({ content: "", tool_calls: [call] }),
      new ToolMessage({ content: "in Lisbon", tool_call_id: "call-1" }),
    ]);
    const messages = await history.getMessages();

    assert.deepEqual(messages.map((m) => m.type), ["system", "ai", "tool"]);
    assert.deepEqual((messages[1] as AIMessage).tool_calls?.map((c) => [c.id, c.name, c.args]), [["call-1", "track_parcel", { parcel: "77" }]]);
    assert.equal((messages[2] as ToolMessage).tool_call_id, "call-1");
  });

  it("should read back a message too large for an attachment", async () => {
    const memory = await client();
    const history = new MemlogChatMessageHistory({ client: memory, conversationId: id("lc") });
    const long = "The parcel went from Porto to Lisbon. ".repeat(2_000);
    const call = { id: "call-2", name: "summarise", args: { text: long }, type: "tool_call" as const };

    await history.addMessages([new AIMessage({ content: long, tool_calls: [call] }), new HumanMessage("short")]);
    const messages = await history.getMessages();

    assert.deepEqual(messages.map((m) => [m.type, m.text]), [["ai", long], ["human", "short"]]);
    assert.deepEqual((messages[0] as AIMessage).tool_calls?.map((c) => c.args), [{ text: long }]);
  });

  it("should read a new conversation as empty, and clear one by redacting its messages", async () => {
    const memory = await client();
    const conversation = id("lc");
    const history = new MemlogChatMessageHistory({ client: memory, conversationId: conversation });
    const empty = await history.getMessages();
    await history.addMessages([new HumanMessage("secret order 42"), new AIMessage("noted")]);

    await history.clear();
    await history.addMessage(new HumanMessage("after the clear"));

    assert.deepEqual(empty, []);
    assert.deepEqual((await history.getMessages()).map((m) => m.text), ["after the clear"]);
    const page = await memory.messagesPage(conversation);
    assert.deepEqual(page.messages.map((m) => [m.redacted, m.content]), [[true, null], [true, null], [false, "after the clear"]]);
  });
});
