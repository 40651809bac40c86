// The LangGraph.js adapter as a LangGraph user runs it: a graph compiled with the store, whose nodes remember and recall.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { Annotation, type LangGraphRunnableConfig, StateGraph } from "@langchain/langgraph";
import { UnsupportedError } from "../src/index.js";
import { MemlogStore } from "../src/adapters/langgraph.js";
import { client, id } from "./helpers.js";

describe("LangGraph store", () => {
  it("should let a graph's nodes put memories and find them again with memlog search", async () => {
    const store = new MemlogStore({ client: await client() });
    const user = id("user");
    const word = `oolong${randomBytes(4).toString("hex")}`;
    const State = Annotation.Root({ fact: Annotation<string>, question: Annotation<string>, recalled: Annotation<string[]> });
    const graph = new StateGraph(State)
      .addNode("remember", async (state: typeof State.State, config: LangGraphRunnableConfig) => {
        await config.store!.put([user, "memories"], "fact-1", { text: state.fact, kind: "preference" });
        await config.store!.put([user, "memories"], "fact-2", { text: "lives in Lisbon", kind: "home" });
        return {};
      })
      .addNode("recall", async (state: typeof State.State, config: LangGraphRunnableConfig) => {
        const found = await config.store!.search([user], { query: state.question });
        return { recalled: found.map((item) => item.value.text as string) };
      })
      .addEdge("__start__", "remember")
      .addEdge("remember", "recall")
      .addEdge("recall", "__end__")
      .compile({ store });

    const result = await graph.invoke({ fact: `drinks ${word} tea`, question: `which ${word} tea?` });

    assert.deepEqual(result.recalled, [`drinks ${word} tea`]);
  });

  it("should get, update, list, filter and search items by namespace", async () => {
    const store = new MemlogStore({ client: await client() });
    const user = id("user");
    await store.put([user, "prefs"], "drink", { text: "coffee", strength: 2 });
    const first = await store.get([user, "prefs"], "drink");
    await store.put([user, "prefs"], "drink", { text: "tea", strength: 1 });
    await store.put([user, "trips"], "t-1", { text: "Lisbon in June" }, false);

    const item = await store.get([user, "prefs"], "drink");
    const missing = await store.get([user, "prefs"], "food");
    const all = await store.search([user]);
    const filtered = await store.search([user], { filter: { strength: 1 } });
    const stale = await store.search([user], { query: "coffee" });
    const unindexed = await store.search([user], { query: "Lisbon" });
    const namespaces = await store.listNamespaces({ prefix: [user] });
    const shallow = await store.listNamespaces({ prefix: [user], maxDepth: 1 });

    assert.deepEqual(item?.value, { text: "tea", strength: 1 });
    assert.deepEqual([item?.namespace, item?.key], [[user, "prefs"], "drink"]);
    assert.equal(item?.createdAt.getTime(), first?.createdAt.getTime());
    assert.ok(item!.updatedAt.getTime() >= first!.updatedAt.getTime());
    assert.equal(missing, null);
    assert.deepEqual(all.map((i) => i.key).sort(), ["drink", "t-1"]);
    assert.deepEqual(filtered.map((i) => i.key), ["drink"]);
    assert.deepEqual(stale, []);
    assert.deepEqual(unindexed, []);
    assert.deepEqual(namespaces, [[user, "prefs"], [user, "trips"]]);
    assert.deepEqual(shallow, [[user]]);
  });

  it("should keep a value longer than one memlog attribute", async () => {
    const store = new MemlogStore({ client: await client() });
    const user = id("user");
    const value = { notes: Array.from({ length: 3_000 }, (_, i) => `note ${i}: likes "green" tea`) };

    await store.put([user], "notes", value);

    assert.deepEqual((await store.get([user], "notes"))?.value, value);
  });

  it("should refuse to delete unless told that memlog forgets for good", async () => {
    const memory = await client();
    const user = id("user");
    const store = new MemlogStore({ client: memory });
    const forgetting = new MemlogStore({ client: memory, deleteForgets: true });
    await store.put([user], "secret", { text: "card 4111" });

    await assert.rejects(store.delete([user], "secret"), UnsupportedError);
    await forgetting.delete([user], "secret");

    assert.equal(await forgetting.get([user], "secret"), null);
    assert.deepEqual(await forgetting.search([user], { query: "4111" }), []);
  });
});
