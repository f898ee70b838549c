/**
 * Starts a throwaway Redis server (Debian's redis-server package) for the integration tests: on a
 * free loopback port, no persistence, in a temp dir, stopped when the tests end. Tests may stop and
 * restart it (`stop()` then `start()` on the same port) to check what an outage does.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port.ts";

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The redis-server binary, or null when the package is missing. */
export function redisServerPath(): string | null {
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : null;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port }, () => s.write("PING\r\n"));
    s.once("data", (b) => {
      s.destroy();
      resolve(b.toString().startsWith("+PONG"));
    });
    s.once("error", () => resolve(false));
  });
}

/** Starts redis-server on `port` (a free one by default); resolves once it answers PING. */
export async function startTestRedis(port?: number): Promise<TestRedis | null> {
  const bin = redisServerPath();
  if (!bin) return null;
  const p = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), "gopro-redis-"));
  const child: ChildProcess = spawn(
    bin,
    ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" },
  );
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const deadline = Date.now() + 10_000;
  while (!(await answers(p))) {
    if (exited || Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${p}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
