/**
 * A memlog conversation as an OpenAI Agents SDK session (`@openai/agents`' Session).
 *
 *     import { run } from "@openai/agents";
 *     import { MemlogSession } from "@memlog/client/openai-agents";
 *     const session = new MemlogSession({ client, conversationId: "c-42" });
 *     await run(agent, "Where is my parcel?", { session });
 */
import { randomUUID } from "node:crypto";
import type { AgentInputItem, Session } from "@openai/agents";
import type { MemlogClient } from "../client.js";
import type { Message, Role } from "../types.js";
import { MonotonicClock, carried, carry, liveMessages, publishInBatches } from "./shared.js";

/** The media type of the attachment that keeps an Agents SDK item as the SDK gave it. */
export const AGENTS_ITEM = "application/vnd.openai.agents.item+json";

export interface MemlogSessionOptions {
  client: MemlogClient;
  /** The memlog conversation the session is (default: a new UUID). */
  conversationId?: string;
  /** The agent the items are published as (`source.agentId`, default `openai-agents`). */
  agentId?: string;
  /** Passed with every read: the most the node waits for this session's own writes (default 10,000 ms). */
  waitMs?: number;
}

/**
 * A memlog conversation as an Agents SDK session. `addItems` publishes each item as a `message.appended.v2` event:
 * its text as the content (searchable with memlog's search), a role (user, assistant, system for system and
 * developer messages, assistant for tool calls, tool for their results), and the item itself kept with it (see `carry`), so
 * `getItems` gives back exactly what was added. Reads wait for this session's own writes.
 *
 * `popItem` and `clearSession` redact: memlog removes the content of those messages everywhere, for good, and they
 * leave the session; new items can still be added.
 */
export class MemlogSession implements Session {
  private readonly client: MemlogClient;
  private readonly conversationId: string;
  private readonly agentId: string;
  private readonly waitMs: number;
  private readonly clock = new MonotonicClock();
  private token: string | undefined;

  constructor(options: MemlogSessionOptions) {
    this.client = options.client;
    this.conversationId = options.conversationId ?? randomUUID();
    this.agentId = options.agentId ?? "openai-agents";
    this.waitMs = options.waitMs ?? 10_000;
  }

  async getSessionId(): Promise<string> {
    return this.conversationId;
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    const items = (await this.live()).map(toItem);
    if (limit === undefined) {
      return items;
    }
    return limit <= 0 ? [] : items.slice(-limit);
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    if (items.length === 0) {
      return;
    }
    const events = this.client.events(this.agentId, "openai-agents-js");
    const batch = items.map((item) => {
      const { content, attachments } = carry("agents-item", AGENTS_ITEM, textOf(item), item);
      return events.messageAppended(this.conversationId, randomUUID(), roleOf(item), content, { occurredAt: this.clock.next(), attachments });
    });
    this.token = await publishInBatches(this.client, batch) ?? this.token;
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    const last = (await this.live()).at(-1);
    if (last === undefined) {
      return undefined;
    }
    await this.redact([last]);
    return toItem(last);
  }

  async clearSession(): Promise<void> {
    await this.redact(await this.live());
  }

  private live(): Promise<Message[]> {
    return liveMessages(this.client, this.conversationId, { after: this.token, waitMs: this.waitMs });
  }

  private async redact(messages: Message[]): Promise<void> {
    const events = this.client.events(this.agentId, "openai-agents-js");
    const redactions = messages.map((m) => events.messageRedacted(this.conversationId, m.messageId, "removed from the agent session"));
    this.token = await publishInBatches(this.client, redactions) ?? this.token;
  }
}

type Loose = { type?: string; role?: string; content?: unknown; name?: string; arguments?: string; output?: unknown };

function roleOf(item: AgentInputItem): Role {
  const { type, role } = item as Loose;
  if (type === undefined || type === "message") {
    return role === "user" ? "user" : role === "assistant" ? "assistant" : "system";
  }
  return /result|output/.test(type) ? "tool" : "assistant";
}

function textOf(item: AgentInputItem): string {
  const loose = item as Loose;
  if (loose.type === "function_call") {
    return `${loose.name ?? "function"}(${loose.arguments ?? ""})`;
  }
  return text(loose.content ?? loose.output);
}

function text(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(text).filter((t) => t !== "").join("\n");
  }
  if (value !== null && typeof value === "object") {
    const part = value as { text?: unknown; refusal?: unknown; transcript?: unknown };
    return text(part.text ?? part.refusal ?? part.transcript ?? "");
  }
  return "";
}

function toItem(message: Message): AgentInputItem {
  const item = carried(message, AGENTS_ITEM) as AgentInputItem | undefined;
  if (item !== undefined) {
    return item;
  }
  const content = message.content ?? "";
  switch (message.role) {
    case "user":
      return { type: "message", role: "user", content };
    case "assistant":
      return { type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: content }] };
    default:
      return { type: "message", role: "system", content };
  }
}
