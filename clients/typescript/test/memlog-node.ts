// Starts a real memlog node for the tests (the shaded jar, embedded Kafka broker, free ports, a temporary data dir,
// a fresh API key), and stops it: at the end of the run, and in any case when this process exits.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "..");
const RUNNING = /memlog is running: (http:\/\/\S+) /;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export class MemlogNode {
  readonly apiKey = `mlk_test_${randomBytes(18).toString("base64url")}`;
  url = "";
  private readonly dir = mkdtempSync(join(tmpdir(), "memlog-typescript-client-"));
  private readonly log = join(this.dir, "node.log");
  private process: ChildProcess | undefined;
  private readonly killOnExit = () => this.process?.kill("SIGKILL");

  constructor(readonly tenant = "acme") {}

  async start(): Promise<this> {
    const jar = process.env.MEMLOG_JAR ?? join(ROOT, "query-api", "target", "memlog.jar");
    if (!existsSync(jar)) {
      throw new Error(`no memlog jar at ${jar}: build it first (mvn -B -Pquick package at the repository root) or set MEMLOG_JAR`);
    }
    const hash = createHash("sha256").update(this.apiKey).digest("hex");
    const out = openSync(this.log, "w");
    this.process = spawn(java(), ["-jar", jar, "node"], {
      env: {
        ...process.env, MEMLOG_HTTP_PORT: "0", MEMLOG_BROKER_PORT: "0", MEMLOG_PARTITIONS: "3",
        MEMLOG_DATA_DIR: join(this.dir, "data"), MEMLOG_API_KEYS: `${this.tenant}:${hash}`,
      },
      stdio: ["ignore", out, out],
    });
    process.once("exit", this.killOnExit);
    try {
      this.url = await this.awaitUrl();
      await this.awaitReady();
    } catch (error) {
      await this.stop();
      throw error;
    }
    return this;
  }

  /** Stops the node (SIGTERM: its shutdown hook closes it; SIGKILL if it hangs) and deletes its data. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    process.removeListener("exit", this.killOnExit);
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once("exit", () => done()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.log, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  private async awaitUrl(): Promise<string> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const match = RUNNING.exec(readFileSync(this.log, "utf8"));
      if (match?.[1] !== undefined) {
        return match[1];
      }
      if (this.process?.exitCode !== null) {
        throw new Error(`the memlog node exited with ${this.process?.exitCode}:\n${this.logTail()}`);
      }
      await pause(200);
    }
    throw new Error(`the memlog node did not start within ${START_TIMEOUT_MS} ms:\n${this.logTail()}`);
  }

  /** Waits until /readyz says the node's shards are caught up, so the first test does not meet a rebalance. */
  private async awaitReady(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      try {
        const answer = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
        if (((await answer.json()) as { status?: string }).status === "READY") {
          return;
        }
      } catch {
        // not answering yet
      }
      await pause(200);
    }
    throw new Error(`the memlog node was not ready within ${START_TIMEOUT_MS} ms:\n${this.logTail()}`);
  }
}

let shared: Promise<MemlogNode> | undefined;

/** The node every test of this run shares, started by the first that asks. */
export function memlog(): Promise<MemlogNode> {
  shared ??= new MemlogNode().start();
  return shared;
}

/** Stops the shared node, if one was started. */
export async function stopMemlog(): Promise<void> {
  const node = shared;
  shared = undefined;
  if (node !== undefined) {
    await (await node.catch(() => undefined))?.stop();
  }
}

function java(): string {
  const home = process.env.JAVA_HOME;
  if (home && existsSync(join(home, "bin", "java"))) {
    return join(home, "bin", "java");
  }
  return "java";
}

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
