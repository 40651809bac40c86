// Retries, timeouts and cancellation, against a local HTTP server that answers what each test scripts.
import assert from "node:assert/strict";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { MemlogClient, ProblemError, Transport, TransportError } from "../src/index.js";
import { retryAfterMs } from "../src/http.js";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };
type Answer = (response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let seen: Seen[];
let answers: Answer[];
let sleeps: number[];
const hanging = new Set<ServerResponse>();

const problem = (status: number, headers: Record<string, string> = {}): Answer => (response) => {
  response.writeHead(status, { "Content-Type": "application/problem+json", ...headers });
  response.end(JSON.stringify({ type: "about:blank", title: `status ${status}`, status, requestId: "r-1" }));
};
const ok = (body: unknown): Answer => (response) => {
  response.writeHead(200, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
};
const hang: Answer = (response) => {
  hanging.add(response);
};

before(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => {
      seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      (answers.shift() ?? problem(500))(response);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

beforeEach(() => {
  seen = [];
  answers = [];
  sleeps = [];
  for (const response of hanging) {
    response.destroy();
  }
  hanging.clear();
});

function transport(options: { attempts?: number; timeoutMs?: number } = {}): Transport {
  return new Transport({
    baseUrl, apiKey: "k", timeoutMs: options.timeoutMs ?? 5_000,
    retry: { attempts: options.attempts ?? 3, backoffMs: 100, maxBackoffMs: 5_000 },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
    },
  });
}

function memlogClient(): MemlogClient {
  return new MemlogClient({ baseUrl, apiKey: "k", tenant: "acme", retry: { attempts: 3, backoffMs: 1, maxBackoffMs: 5 } });
}

describe("retries", () => {
  it("should retry a read after a 503, waiting its Retry-After", async () => {
    answers = [problem(503, { "Retry-After": "2" }), ok({ answer: 42 })];

    const answer = await transport().request<{ answer: number }>({ method: "GET", path: "/v1/freshness" });

    assert.deepEqual(answer, { answer: 42 });
    assert.equal(seen.length, 2);
    assert.deepEqual(sleeps, [2_000]);
  });

  it("should give up on a read after the last attempt and throw the last problem", async () => {
    answers = [problem(503), problem(502), problem(504)];

    await assert.rejects(transport().request({ method: "GET", path: "/x" }), (e: unknown) => e instanceof ProblemError && e.status === 504);
    assert.equal(seen.length, 3);
  });

  it("should not retry a POST that is not idempotent", async () => {
    answers = [problem(503, { "Retry-After": "1" }), ok({})];

    await assert.rejects(transport().request({ method: "POST", path: "/x", body: { a: 1 } }),
      (e: unknown) => e instanceof ProblemError && e.status === 503 && e.retryAfterMs === 1_000);
    assert.equal(seen.length, 1);
  });

  for (const status of [400, 401, 404, 500]) {
    it(`should not retry a read answered ${status}`, async () => {
      answers = [problem(status), ok({})];

      await assert.rejects(transport().request({ method: "GET", path: "/x" }), (e: unknown) => e instanceof ProblemError && e.status === status);
      assert.equal(seen.length, 1);
    });
  }

  it("should retry a publish with the same event ids, because memlog applies an event id once", async () => {
    answers = [problem(503, { "Retry-After": "0" }), ok({ published: [], token: "t" })];
    const client = memlogClient();
    const event = client.events("bot").messageAppended("c-1", "m-1", "user", "hello");
    const { eventId: _, ...withoutId } = event;

    const written = await client.publishAll([event, withoutId]);

    assert.equal(written.token, "t");
    assert.equal(seen.length, 2);
    assert.equal(seen[0]?.body, seen[1]?.body);
    const ids = (JSON.parse(seen[0]!.body) as { eventId: string }[]).map((e) => e.eventId);
    assert.equal(ids[0], event.eventId);
    assert.match(ids[1] ?? "", /^[0-9a-f-]{36}$/);
  });

  it("should retry when the node cannot be reached", async () => {
    const unreachable = new Transport({ baseUrl: "http://127.0.0.1:1", retry: { attempts: 2, backoffMs: 0 }, sleep: async (ms) => { sleeps.push(ms); } });

    await assert.rejects(unreachable.request({ method: "GET", path: "/x" }), (e: unknown) => e instanceof TransportError && !e.timedOut);
    assert.equal(sleeps.length, 1);
  });
});

describe("problems", () => {
  it("should throw an error answer that is not a problem with its status and status text", async () => {
    const html: Answer = (response) => {
      response.writeHead(502, { "Content-Type": "text/html" });
      response.end("<html>bad gateway</html>");
    };
    answers = [html];

    const thrown = await transport({ attempts: 1 }).request({ method: "GET", path: "/x" }).then(() => undefined, (e: unknown) => e);

    assert.ok(thrown instanceof ProblemError);
    assert.deepEqual([thrown.status, thrown.title, thrown.errors, thrown.problem], [502, "Bad Gateway", [], undefined]);
  });

  it("should read Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-12-02T14:00:00Z");

    assert.deepEqual([retryAfterMs("3", now), retryAfterMs("Wed, 02 Dec 2026 14:00:05 GMT", now), retryAfterMs("soon", now)],
      [3_000, 5_000, undefined]);
  });
});

describe("timeouts and cancellation", () => {
  it("should give up an attempt after its timeout and retry it", async () => {
    answers = [hang, ok({ late: false })];

    const answer = await transport({ timeoutMs: 200 }).request({ method: "GET", path: "/x" });

    assert.deepEqual(answer, { late: false });
    assert.equal(seen.length, 2);
  });

  it("should throw a TransportError that says it timed out when no attempt is answered", async () => {
    answers = [hang, hang];

    await assert.rejects(transport({ attempts: 2, timeoutMs: 200 }).request({ method: "GET", path: "/x" }),
      (e: unknown) => e instanceof TransportError && e.timedOut);
    assert.equal(seen.length, 2);
  });

  it("should reject with the signal's reason when cancelled, and not retry", async () => {
    answers = [hang, ok({})];
    const controller = new AbortController();
    const reason = new Error("the user went away");

    const pending = transport().request({ method: "GET", path: "/x", signal: controller.signal });
    while (seen.length === 0) {
      await new Promise((done) => setTimeout(done, 10));
    }
    controller.abort(reason);

    await assert.rejects(pending, (e: unknown) => e === reason);
    assert.equal(seen.length, 1);
  });

  it("should not send a request whose signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();

    await assert.rejects(memlogClient().search("x", { signal: controller.signal }), (e: unknown) => (e as Error).name === "AbortError");
    assert.equal(seen.length, 0);
  });
});

describe("requests", () => {
  it("should send the read-your-writes token as X-Memlog-After, and the key as X-Api-Key", async () => {
    answers = [ok({})];

    await memlogClient().search("lost parcel", { after: "0:12,1:3", waitMs: 500, role: "user", from: new Date("2026-11-21T10:00:00Z") });

    const request = seen[0]!;
    assert.equal(request.headers["x-memlog-after"], "0:12,1:3");
    assert.equal(request.headers["x-api-key"], "k");
    const url = new URL(request.url, baseUrl);
    assert.equal(url.pathname, "/v1/tenants/acme/search");
    assert.deepEqual(Object.fromEntries(url.searchParams),
      { q: "lost parcel", role: "user", from: "2026-11-21T10:00:00.000Z", waitMs: "500" });
  });

  it("should escape ids in paths", async () => {
    answers = [ok({})];

    await memlogClient().conversation("a/b?c");

    assert.equal(seen[0]?.url, "/v1/tenants/acme/conversations/a%2Fb%3Fc");
  });
});
