// What the adapters share: a clock that never repeats, exact copies of framework objects kept in an attachment,
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

/**
 * An attachment that carries a framework object as JSON in a `data:` URI, so it reads back exactly (tool calls,
 * ids, metadata) while the message's content stays the plain text memlog searches.
 */
export function jsonAttachment(name: string, mediaType: string, value: unknown): Attachment {
  const json = JSON.stringify(value);
  return {
    name, mediaType, uri: `data:${mediaType};base64,${Buffer.from(json, "utf8").toString("base64")}`,
    sizeBytes: Buffer.byteLength(json, "utf8"),
  };
}

/** The object a {@link jsonAttachment} of `mediaType` carries in `message`, if it has one. */
export function readJsonAttachment(message: Message, mediaType: string): unknown {
  const attachment = message.attachments.find((a) => a.mediaType === mediaType && a.uri?.startsWith(`data:${mediaType};base64,`));
  if (attachment?.uri == null) {
    return undefined;
  }
  const json = Buffer.from(attachment.uri.slice(attachment.uri.indexOf(",") + 1), "base64").toString("utf8");
  return JSON.parse(json);
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
