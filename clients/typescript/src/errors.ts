import type { components } from "./generated/api.js";

/** An RFC 9457 problem as memlog answers it (`application/problem+json`). */
export type Problem = components["schemas"]["Problem"];

/**
 * One thing a refused request got wrong: the parameter or JSON path in `field`, and what is wrong there. For events
 * sent to the ingest, `index` is the event's position in the body and `reason` the kind of fault.
 */
export type FieldError = components["schemas"]["ProblemError"];

/** Base class of every error this client throws (a cancelled request throws its signal's reason instead). */
export class MemlogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The node answered with an error. Its fields are the problem's: `status`, `type`, `title`, `detail`, `instance`,
 * `requestId` (also in the node's log) and `errors` (every refused parameter or event field; empty otherwise).
 * `retryAfterMs` is the answer's `Retry-After`, when it had one. An error answer that is not a problem (from a
 * proxy, say) is still thrown as a `ProblemError`, with its status and status text.
 */
export class ProblemError extends MemlogError {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  readonly requestId: string | undefined;
  readonly errors: FieldError[];
  readonly retryAfterMs: number | undefined;
  /** The problem as the node sent it, when the body was one. */
  readonly problem: Problem | undefined;

  constructor(status: number, statusText: string, body: unknown, retryAfterMs: number | undefined) {
    const problem = isProblem(body) ? body : undefined;
    const title = problem?.title ?? (statusText || "HTTP error");
    super(`${problem?.status ?? status} ${title}${problem?.detail ? `: ${problem.detail}` : ""}`);
    this.status = problem?.status ?? status;
    this.type = problem?.type ?? "about:blank";
    this.title = title;
    this.detail = problem?.detail;
    this.instance = problem?.instance;
    this.requestId = problem?.requestId;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.retryAfterMs = retryAfterMs;
    this.problem = problem;
  }
}

/** No answer: the node could not be reached, or did not answer within the timeout (after the retries). */
export class TransportError extends MemlogError {
  /** Whether the attempt was given up because it took longer than the timeout. */
  readonly timedOut: boolean;

  constructor(message: string, timedOut: boolean, cause?: unknown) {
    super(message, { cause });
    this.timedOut = timedOut;
  }
}

/** What memlog cannot do, said instead of faked (an adapter's operation that has no memlog equivalent). */
export class UnsupportedError extends MemlogError {}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && typeof (body as Problem).title === "string"
    && typeof (body as Problem).status === "number";
}
