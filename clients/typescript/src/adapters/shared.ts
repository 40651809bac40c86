// What the adapters share: a clock that never repeats, framework objects kept exactly with their messages,
// and "a conversation that does not exist yet is empty".
import { Buffer } from "node:buffer";
import type { MemlogClient, ReadOptions } from "../client.js";
import { ProblemError } from "../errors.js";
import type { Attachment, Message } from "../types.js";

/** Times that increase on every call, so messages written in the same millisecond keep their order. */
export class MonotonicClock {
  private last = 0;

  next(): Date {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last);
  }
}

/** The longest attachment `uri` memlog accepts. */
export const MAX_ATTACHMENT_URI = 2048;

/**
 * A framework object (a LangChain message, an Agents SDK item) as a message's content and attachment, so that it
 * reads back exactly (tool calls, ids, metadata) while memlog searches its text. When the object's JSON fits in a
 * `data:` URI of an attachment, the content is `text` and the attachment carries the JSON; when it does not (memlog
 * takes URIs of at most 2,048 characters), the content is the JSON itself and the attachment, without a URI, says so.
 */
export function carry(name: string, mediaType: string, text: string, value: unknown): { content: string; attachments: Attachment[] } {
  const json = JSON.stringify(value);
  const sizeBytes = Buffer.byteLength(json, "utf8");
  const uri = `data:${mediaType};base64,${Buffer.from(json, "utf8").toString("base64")}`;
  if (uri.length <= MAX_ATTACHMENT_URI) {
    return { content: text, attachments: [{ name, mediaType, uri, sizeBytes }] };
  }
  return { content: json, attachments: [{ name, mediaType, uri: null, sizeBytes }] };
}

/** The object {@link carry} put in `message` with `mediaType`, or `undefined` when it has none. */
export function carried(message: Message, mediaType: string): unknown {
  const attachment = message.attachments.find((a) => a.mediaType === mediaType);
  if (attachment === undefined) {
    return undefined;
  }
  if (attachment.uri == null) {
    return message.content === null ? undefined : JSON.parse(message.content);
  }
  const prefix = `data:${mediaType};base64,`;
  return attachment.uri.startsWith(prefix)
    ? JSON.parse(Buffer.from(attachment.uri.slice(prefix.length), "base64").toString("utf8"))
    : undefined;
}

/** Every message of a conversation that is not redacted, oldest first; none when it does not exist (yet). */
export async function liveMessages(client: MemlogClient, conversationId: string, options: ReadOptions & { limit?: number } = {}):
  Promise<Message[]> {
  const messages: Message[] = [];
  try {
    for await (const message of client.messages(conversationId, { limit: 500, ...options })) {
      if (!message.redacted) {
        messages.push(message);
      }
    }
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) {
      return [];
    }
    throw error;
  }
  return messages;
}

/** Publishes `events` in batches of at most 1,000; the token of the last batch, or `undefined` when none. */
export async function publishInBatches(client: MemlogClient, events: Parameters<MemlogClient["publishAll"]>[0]):
  Promise<string | undefined> {
  let token: string | undefined;
  for (let start = 0; start < events.length; start += 1000) {
    token = (await client.publishAll(events.slice(start, start + 1000))).token;
  }
  return token;
}
