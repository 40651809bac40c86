// The checked-in types are what openapi-typescript makes of the API document the node serves: drift fails here.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { memlog } from "./memlog-node.js";

// the script that writes src/generated/api.ts (from dist-test/test/, two folders up is the package)
const script = new URL("../../scripts/generate-types.mjs", import.meta.url).href;

describe("generated types", () => {
  it("should be what the served API document generates", async () => {
    const node = await memlog();

    const { GENERATED, generate } = (await import(script)) as { GENERATED: string; generate: (url: string) => Promise<string> };

    const fresh = await generate(`${node.url}/openapi.json`);

    const checkedIn = await readFile(GENERATED, "utf8");
    const line = firstDifference(fresh.split("\n"), checkedIn.split("\n"));
    assert.ok(line === undefined, `src/generated/api.ts differs from the node's /openapi.json from line ${(line ?? 0) + 1}: `
      + `${JSON.stringify(checkedIn.split("\n")[line ?? 0])} should be ${JSON.stringify(fresh.split("\n")[line ?? 0])}; `
      + "run `npm run generate -- URL_OF_OPENAPI_JSON` and commit it");
  });
});

function firstDifference(a: string[], b: string[]): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return i;
    }
  }
  return undefined;
}
