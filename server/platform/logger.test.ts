import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createLogger, withRequestId } from "./logger.ts";

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

const parsed = (line: string | undefined): Record<string, unknown> => JSON.parse(line ?? "{}");

test("lines logged while serving a request carry its id, however deep the call", async () => {
  const { lines, stream } = capture();
  const log = createLogger("info", {}, stream);
  const runner = log.child({ module: "runner" });
  log.info("before any request");
  await withRequestId("req-42", async () => {
    await new Promise((r) => setTimeout(r, 1));
    runner.warn("inside the request, after a timer");
  });
  log.info("after the request");
  assert.equal(parsed(lines[0]).reqId, undefined);
  assert.equal(parsed(lines[1]).reqId, "req-42");
  assert.equal(parsed(lines[1]).module, "runner");
  assert.equal(parsed(lines[2]).reqId, undefined);
});

test("a child that already has the request id does not get it twice", () => {
  const { lines, stream } = capture();
  const log = createLogger("info", {}, stream);
  withRequestId("req-7", () => log.child({ reqId: "req-7" }).info("from the per-request logger"));
  assert.equal(lines.length, 1);
  assert.equal(lines[0]?.match(/"reqId"/g)?.length, 1);
  assert.equal(parsed(lines[0]).reqId, "req-7");
});

test("passwords and tokens are redacted", () => {
  const { lines, stream } = capture();
  const log = createLogger("info", {}, stream);
  log.info({ password: "hunter2", req: { headers: { authorization: "Bearer x" } } }, "login");
  assert.doesNotMatch(lines[0] ?? "", /hunter2|Bearer x/);
});
