/**
 * Generates Drizzle migrations for each module from its schema.ts, into that module's own
 * migrations/ folder (each module owns its schema and its migration history).
 * Usage: node scripts/db-generate.ts [name]   (name: a label for the new migration)
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const owners: Array<[string, string]> = [
  ["server/platform/schema.ts", "server/platform/migrations"],
  ["server/modules/identity/schema.ts", "server/modules/identity/migrations"],
  ["server/modules/catalog/schema.ts", "server/modules/catalog/migrations"],
  ["server/modules/enrollment/schema.ts", "server/modules/enrollment/migrations"],
  ["server/modules/progress/schema.ts", "server/modules/progress/migrations"],
  ["server/modules/analytics/schema.ts", "server/modules/analytics/migrations"],
  ["server/modules/notifications/schema.ts", "server/modules/notifications/migrations"],
  ["server/modules/chat/schema.ts", "server/modules/chat/migrations"],
  ["server/modules/sessions/schema.ts", "server/modules/sessions/migrations"],
];

const name = process.argv[2];
let failed = false;
for (const [schema, out] of owners) {
  const args = ["drizzle-kit", "generate", "--dialect=postgresql", `--schema=${schema}`, `--out=${out}`];
  if (name) args.push(`--name=${name}`);
  const r = spawnSync("npx", args, { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
// The migrator creates each module's schema first (to keep its _migrations table there), so the
// generated CREATE SCHEMA must tolerate an existing one.
for (const [, out] of owners) {
  for (const f of readdirSync(out).filter((n) => n.endsWith(".sql"))) {
    const file = path.join(out, f);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/CREATE SCHEMA "/g, 'CREATE SCHEMA IF NOT EXISTS "'),
    );
  }
}
process.exit(failed ? 1 : 0);
