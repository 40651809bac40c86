import { MemlogError, ProblemError, TransportError } from "./errors.js";

/**
 * How often and how long a request is tried again. Only requests that are safe to send twice are retried: reads
 * (GET), and POSTs that are idempotent (publishing: every event carries an `eventId` fixed before the first
 * attempt, or the request an `Idempotency-Key`, and memlog applies an event id once). A request is retried when
 * the node could not be reached or did not answer within the timeout, and on 429, 502, 503 and 504; never on
 * another 4xx or on 500. The wait doubles from `backoffMs` (with jitter) up to `maxBackoffMs`, or is the answer's
 * `Retry-After` (at most `maxBackoffMs`).
 */
export interface RetryPolicy {
  /** Attempts in all, at least 1 (default 3). */
  attempts: number;
  /** The wait before the first retry, in ms (default 250). */
  backoffMs: number;
  /** The longest wait between two attempts, in ms (default 5,000). */
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 3, backoffMs: 250, maxBackoffMs: 5_000 });

/** Answers that say "try again": memlog's 503s (`not-yet-applied`, `busy`, ...) carry Retry-After; or a proxy's. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export type QueryValue = string | number | boolean | Date | null | undefined;

/** One request to the node. */
export interface HttpRequest {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string | undefined>;
  /** A JSON body, encoded once so that every attempt sends the same bytes. */
  body?: unknown;
  /** Whether sending it twice has the effect of once; GETs always are. */
  idempotent?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface TransportOptions {
  baseUrl: string;
  apiKey?: string;
  /** Per attempt: from sending the request to the end of reading the answer (default 10,000 ms). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Waits between attempts (tests replace it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Sends JSON requests to one node with one API key: timeouts, cancellation, and retries where they are safe. */
export class Transport {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: TransportOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) {
      throw new TypeError(`baseUrl must start with http:// or https://, got ${JSON.stringify(options.baseUrl)}`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.timeoutMs = positive("timeoutMs", options.timeoutMs ?? 10_000);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!Number.isInteger(this.retry.attempts) || this.retry.attempts < 1) {
      throw new RangeError(`retry.attempts must be an integer of at least 1, got ${this.retry.attempts}`);
    }
    if (this.retry.backoffMs < 0 || this.retry.maxBackoffMs < 0) {
      throw new RangeError("retry.backoffMs and retry.maxBackoffMs must not be negative");
    }
    const fetchFn = options.fetch ?? globalThis.fetch;
    if (typeof fetchFn !== "function") {
      throw new TypeError("no global fetch: memlog's client needs Node 18+ (or pass options.fetch)");
    }
    this.fetchFn = fetchFn;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The answer's parsed JSON; throws ProblemError, TransportError, or the signal's reason when cancelled. */
  async request<T>(request: HttpRequest): Promise<T> {
    const url = this.baseUrl + request.path + queryString(request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const safe = request.method === "GET" || request.idempotent === true;
    const attempts = safe ? this.retry.attempts : 1;
    for (let attempt = 0; ; attempt++) {
      request.signal?.throwIfAborted();
      try {
        return (await this.once(request, url, body)) as T;
      } catch (error) {
        const last = attempt >= attempts - 1;
        if (last || !retryable(error)) {
          throw error;
        }
        const retryAfter = error instanceof ProblemError ? error.retryAfterMs : undefined;
        await this.sleep(this.delay(attempt, retryAfter), request.signal);
      }
    }
  }

  /** The wait before retry number `retry` (0 for the first). */
  delay(retry: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) {
      return Math.min(Math.max(retryAfterMs, 0), this.retry.maxBackoffMs);
    }
    const ceiling = Math.min(this.retry.backoffMs * 2 ** retry, this.retry.maxBackoffMs);
    return ceiling * (0.5 + Math.random() / 2);
  }

  private async once(request: HttpRequest, url: string, body: string | undefined): Promise<unknown> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener("abort", cancel, { once: true });
    try {
      const answer = await this.fetchFn(url, {
        method: request.method,
        headers: this.headers(request, body !== undefined),
        body,
        signal: controller.signal,
      });
      const text = await answer.text();
      if (!answer.ok) {
        throw new ProblemError(answer.status, answer.statusText, parseOrUndefined(text),
          retryAfterMs(answer.headers.get("Retry-After")));
      }
      return text === "" ? undefined : JSON.parse(text);
    } catch (error) {
      if (error instanceof MemlogError) {
        throw error;
      }
      if (request.signal?.aborted) {
        throw request.signal.reason;
      }
      if (timedOut) {
        throw new TransportError(`${request.method} ${url}: no answer within ${timeoutMs} ms`, true, error);
      }
      if (error instanceof SyntaxError) {
        throw new MemlogError(`${request.method} ${url}: the answer is not JSON`, { cause: error });
      }
      throw new TransportError(`${request.method} ${url}: ${describe(error)}`, false, error);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", cancel);
    }
  }

  private headers(request: HttpRequest, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
    if (hasBody) {
      headers["Content-Type"] = "application/json";
    }
    if (this.apiKey !== undefined) {
      headers["X-Api-Key"] = this.apiKey;
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) {
        headers[name] = value;
      }
    }
    return headers;
  }
}

function retryable(error: unknown): boolean {
  if (error instanceof ProblemError) {
    return RETRYABLE_STATUSES.has(error.status);
  }
  return error instanceof TransportError;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) {
      params.append(name, value instanceof Date ? value.toISOString() : String(value));
    }
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** A path segment: an id with every reserved character escaped. */
export function segment(value: string): string {
  if (value === "") {
    throw new TypeError("an id must not be empty");
  }
  return encodeURIComponent(value);
}

/** `Retry-After` in ms: delay-seconds, or an HTTP date. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(date - now, 0);
}

function parseOrUndefined(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function positive(name: string, value: number): number {
  if (!(value > 0)) {
    throw new RangeError(`${name} must be positive, got ${value}`);
  }
  return value;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
