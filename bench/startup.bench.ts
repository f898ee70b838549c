/**
 * `npm start` to ready: a first run on an empty data directory (creates the embedded database, applies
 * migrations, imports the curriculum) and a warm restart, against the anchor of a bare Node process
 * that starts Fastify and answers once. Ready = GET /readyz answers 200.
 *
 *   node bench/startup.bench.ts [warmRuns]     (default 3)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../scripts/free-port.ts";
import { fmt } from "./support.ts";

const WARM_RUNS = Number(process.argv[2] ?? 3);
const root = path.resolve(import.meta.dirname, "..");

async function timeToReady(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
): Promise<number> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd, args, { cwd: root, env, stdio: "ignore", detached: true });
  try {
    const deadline = t0 + 180_000;
    while (performance.now() < deadline) {
      try {
        const r = await fetch(url);
        if (r.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${url} not ready within 180 s`);
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const anchorDir = mkdtempSync(path.join(tmpdir(), "gopro-anchor-"));
const anchor = path.join(anchorDir, "anchor.mjs");
writeFileSync(
  anchor,
  `import Fastify from ${JSON.stringify(path.join(root, "node_modules/fastify/fastify.js"))};
const app = Fastify(); app.get("/readyz", async () => ({ ok: true }));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });`,
);

const dataDir = mkdtempSync(path.join(tmpdir(), "gopro-startup-"));
const run = async (label: string, cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
  const ms = await timeToReady(cmd, args, env, `http://127.0.0.1:${port}/readyz`);
  console.log(`${label.padEnd(34)} ${fmt(ms, 0)} ms`);
  return ms;
};

try {
  const bare = await run("anchor: bare Node + Fastify", process.execPath, [anchor]);
  const first = await run("npm start, first run (empty ./data)", "npm", ["start"]);
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await run(`npm start, warm #${i + 1}`, "npm", ["start"]));
  const warmMedian = [...warm].sort((a, b) => a - b)[Math.floor(warm.length / 2)] ?? Number.NaN;
  console.log(`ratio first/anchor ${fmt(first / bare, 1)}×, warm/anchor ${fmt(warmMedian / bare, 1)}×`);
  console.log(
    JSON.stringify({
      bench: "startup",
      anchorMs: Math.round(bare),
      firstMs: Math.round(first),
      warmMs: Math.round(warmMedian),
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(anchorDir, { recursive: true, force: true });
}
