/**
 * A memlog conversation as a LangChain.js chat message history (`@langchain/core`'s BaseListChatMessageHistory).
 *
 *     import { MemlogChatMessageHistory } from "@memlog/client/langchain";
 *     const history = new MemlogChatMessageHistory({ client, conversationId: "c-42" });
 *     await history.addMessage(new HumanMessage("My parcel never arrived"));
 *     await history.getMessages();
 */
import { randomUUID } from "node:crypto";
import { BaseListChatMessageHistory } from "@langchain/core/chat_history";
import {
  AIMessage, type BaseMessage, ChatMessage, HumanMessage, type StoredMessage, SystemMessage, ToolMessage,
  mapChatMessagesToStoredMessages, mapStoredMessagesToChatMessages,
} from "@langchain/core/messages";
import type { MemlogClient } from "../client.js";
import type { Message, Role } from "../types.js";
import { MonotonicClock, carried, carry, liveMessages, publishInBatches } from "./shared.js";

/** The media type of the attachment that keeps a LangChain message as LangChain stores it. */
export const LANGCHAIN_MESSAGE = "application/vnd.langchain.stored-message+json";

export interface MemlogChatMessageHistoryOptions {
  client: MemlogClient;
  conversationId: string;
  /** The agent the messages are published as (`source.agentId`, default `langchain`). */
  agentId?: string;
  /** Passed with every read: the most the node waits for this history's own writes (default 10,000 ms). */
  waitMs?: number;
}

/**
 * A memlog conversation as a chat message history. `addMessage(s)` publishes each message as a
 * `message.appended.v2` event (content: the message's text, searchable with memlog's search; role: user,
 * assistant, system or tool; the whole LangChain message kept with it, see `carry`, so tool calls and ids read back), and
 * `getMessages()` reads the conversation's history page by page, waiting for this history's own writes.
 *
 * `clear()` redacts every message: memlog removes their content everywhere, for good; they no longer appear in
 * the history, and new messages can still be added. A message written by another client (no attachment) reads back
 * as a message of its role with its content.
 */
export class MemlogChatMessageHistory extends BaseListChatMessageHistory {
  lc_namespace = ["memlog", "langchain", "chat_history"];

  private readonly client: MemlogClient;
  private readonly conversationId: string;
  private readonly agentId: string;
  private readonly waitMs: number;
  private readonly clock = new MonotonicClock();
  private token: string | undefined;

  constructor(options: MemlogChatMessageHistoryOptions) {
    super(options);
    this.client = options.client;
    this.conversationId = options.conversationId;
    this.agentId = options.agentId ?? "langchain";
    this.waitMs = options.waitMs ?? 10_000;
  }

  async getMessages(): Promise<BaseMessage[]> {
    const messages = await liveMessages(this.client, this.conversationId, { after: this.token, waitMs: this.waitMs });
    return messages.map(toLangChain);
  }

  async addMessage(message: BaseMessage): Promise<void> {
    await this.addMessages([message]);
  }

  async addMessages(messages: BaseMessage[]): Promise<void> {
    if (messages.length === 0) {
      return;
    }
    const events = this.client.events(this.agentId, "langchain-js");
    const stored = mapChatMessagesToStoredMessages(messages);
    const batch = messages.map((message, i) => {
      const { content, attachments } = carry("langchain-message", LANGCHAIN_MESSAGE, message.text, stored[i]);
      return events.messageAppended(this.conversationId, message.id ?? randomUUID(), roleOf(message), content,
        { occurredAt: this.clock.next(), attachments });
    });
    this.token = await publishInBatches(this.client, batch) ?? this.token;
  }

  /** Redacts every message of the conversation (final: their content is removed everywhere). */
  async clear(): Promise<void> {
    const events = this.client.events(this.agentId, "langchain-js");
    const messages = await liveMessages(this.client, this.conversationId, { after: this.token, waitMs: this.waitMs });
    const redactions = messages.map((m) => events.messageRedacted(this.conversationId, m.messageId, "chat history cleared"));
    this.token = await publishInBatches(this.client, redactions) ?? this.token;
  }
}

function roleOf(message: BaseMessage): Role {
  if (HumanMessage.isInstance(message)) {
    return "user";
  }
  if (AIMessage.isInstance(message)) {
    return "assistant";
  }
  if (SystemMessage.isInstance(message)) {
    return "system";
  }
  if (ToolMessage.isInstance(message)) {
    return "tool";
  }
  const role = ChatMessage.isInstance(message) ? message.role : undefined;
  return role === "user" || role === "system" || role === "tool" ? role : "assistant";
}

function toLangChain(message: Message): BaseMessage {
  const stored = carried(message, LANGCHAIN_MESSAGE) as StoredMessage | undefined;
  if (stored !== undefined) {
    return mapStoredMessagesToChatMessages([stored])[0]!;
  }
  const fields = { content: message.content ?? "", id: message.messageId };
  switch (message.role) {
    case "user":
      return new HumanMessage(fields);
    case "system":
      return new SystemMessage(fields);
    case "tool":
      return new ChatMessage({ ...fields, role: "tool" });
    default:
      return new AIMessage(fields);
  }
}
