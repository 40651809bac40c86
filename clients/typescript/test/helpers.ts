import { randomBytes } from "node:crypto";
import { MemlogClient } from "../src/index.js";
import { memlog } from "./memlog-node.js";

/** The most a read with a token may wait for its writes. */
export const WAIT_MS = 10_000;

export async function client(apiKey?: string): Promise<MemlogClient> {
  const node = await memlog();
  return new MemlogClient({ baseUrl: node.url, apiKey: apiKey ?? node.apiKey, tenant: node.tenant, retry: { attempts: 5 } });
}

export function id(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
