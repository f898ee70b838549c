import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { gateFdFor, startProcess } from "./process.ts";

/** `sh -c script`, gated or not. */
function shell(script: string, timeoutMs: number, gated: boolean) {
  return startProcess({
    argv: ["/bin/sh", "-c", script],
    cwd: "/",
    env: { PATH: "/usr/bin:/bin" },
    timeoutMs,
    maxStdoutBytes: 4096,
    gated,
  });
}

/** A child that waits for one byte on its gate fd, then runs `script`. */
const gatedShell = (script: string, timeoutMs: number) =>
  shell(`head -c 1 <&${gateFdFor({})} >/dev/null; ${script}`, timeoutMs, true);

describe("startProcess with a gate", () => {
  it("holds the child until open(), and its time limit counts from there", async () => {
    // Waiting longer than the time limit before opening must not use up the limit.
    const proc = gatedShell("echo ran", 800);
    assert.equal(proc.gateFd, 3);
    const early = await Promise.race([proc.result.then(() => "ended"), sleep(1200, "waiting")]);
    assert.equal(early, "waiting");
    assert.equal(proc.open(), true);
    const r = await proc.result;
    assert.equal(r.stdout.toString(), "ran\n");
    assert.equal(r.stoppedBy, null);
    assert.equal(r.exitCode, 0);
  });

  it("still stops an opened child at its time limit", async () => {
    const proc = gatedShell("sleep 30", 300);
    assert.equal(proc.open(), true);
    const r = await proc.result;
    assert.equal(r.stoppedBy, "timeout");
  });

  it("cancel() before open() stops the whole group as aborted, and open() then answers false", async () => {
    const proc = gatedShell("echo never", 5000);
    proc.cancel();
    const r = await proc.result;
    assert.equal(r.stoppedBy, "abort");
    assert.equal(r.stdout.length, 0);
    assert.equal(proc.open(), false);
  });

  it("open() answers false when the child already ended while setting up", async () => {
    const proc = shell("echo setup failed; exit 3", 5000, true);
    const r = await proc.result;
    assert.equal(proc.open(), false);
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout.toString(), "setup failed\n");
  });

  it("without a gate the child runs at once and open() is a no-op", async () => {
    const proc = shell("echo now", 5000, false);
    assert.equal(proc.gateFd, null);
    assert.equal(proc.open(), false);
    assert.equal((await proc.result).stdout.toString(), "now\n");
  });
});
