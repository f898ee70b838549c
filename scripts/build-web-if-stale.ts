/**
 * Builds web/dist with Vite only when it is missing or older than any source under web/ or common/.
 * Run by `npm start` before the server so a fresh checkout serves the current UI without a manual
 * build, while a restart with nothing changed costs only a directory walk. Prints one line.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const webDir = path.join(root, "web");
const distDir = path.join(webDir, "dist");
const distIndex = path.join(distDir, "index.html");
const SKIP = new Set(["dist", "node_modules", ".vite"]);

/** Newest mtime (ms) of any file below dir, and the file it belongs to. */
function newest(dir: string, best = { mtime: 0, file: "" }): { mtime: number; file: string } {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIP.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest(p, best);
    else if (entry.isFile()) {
      const m = statSync(p).mtimeMs;
      if (m > best.mtime) {
        best.mtime = m;
        best.file = p;
      }
    }
  }
  return best;
}

function staleReason(): string | null {
  if (!existsSync(distIndex)) return "web/dist is missing";
  const built = statSync(distIndex).mtimeMs;
  const src = newest(webDir);
  newest(path.join(root, "common"), src);
  return src.mtime > built ? `${path.relative(root, src.file)} changed` : null;
}

async function main(): Promise<void> {
  const reason = staleReason();
  if (!reason) {
    console.log("web: web/dist is up to date");
    return;
  }
  const started = performance.now();
  const { build } = await import("vite");
  await build({ configFile: path.join(webDir, "vite.config.ts"), logLevel: "error" });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`web: built web/dist in ${secs} s (${reason})`);
}

main().catch((err: unknown) => {
  console.error("web: build failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
