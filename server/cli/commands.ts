/**
 * The `gopro` command: serve, migrate, admin create, curriculum import|validate, modules.
 * Errors print one clear message and exit non-zero; nothing here prints a stack for bad input.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPlatform, describeModules, migrateAll } from "../app.ts";
import { loadCurriculum } from "../modules/catalog/index.ts";
import { CONFIG_DOC, ConfigError, loadConfig } from "../platform/config.ts";
import { openDatabase } from "../platform/db.ts";
import { AppError } from "../platform/errors.ts";
import { createLogger } from "../platform/logger.ts";
import { validateTargetsOrThrow } from "./targets.ts";
import {
  checkPublishedIds,
  DEFAULT_RACE_COUNT,
  PUBLISHED_IDS_FILE,
  validateCurriculumWithGo,
} from "./validate-curriculum.ts";

const USAGE = `gopro — learn Go by writing Go

Usage:
  gopro serve [--target all] [--host H] [--port P]   run the platform (default: everything, embedded)
  gopro migrate                                       apply database migrations and exit
  gopro admin create --email E [--name N]             create or promote an administrator
                                                      (password from GOPRO_ADMIN_PASSWORD or stdin)
  gopro curriculum import [--dir D]                   import courses from files (idempotent)
  gopro curriculum validate [--dir D] [--static] [--update-ids] [--race-count N]
                                                      check courses; runs references and starters with Go
                                                      (race: true references N times under -race, default 20)
  gopro modules                                       list modules and targets
  gopro config                                        list environment variables

Configuration comes from environment variables; see 'gopro config'.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  switch (cmd) {
    case "serve":
      return serve([sub, ...rest].filter((a): a is string => a !== undefined));
    case "migrate": {
      const config = loadConfig();
      const log = createLogger(config.logLevel);
      const db = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        logger: log,
      });
      try {
        await migrateAll(db);
        console.log(`migrations applied (${db.kind})`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case "admin":
      if (sub !== "create") throw new UsageError("usage: gopro admin create --email E [--name N]");
      return adminCreate(rest);
    case "curriculum":
      if (sub === "import") return curriculumImport(rest);
      if (sub === "validate") return curriculumValidate(rest);
      throw new UsageError("usage: gopro curriculum import|validate [--dir D]");
    case "modules":
      console.log(describeModules());
      return 0;
    case "config":
      for (const [name, def, what] of CONFIG_DOC) console.log(`${name.padEnd(24)} ${def.padEnd(28)} ${what}`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command '${cmd}'\n\n${USAGE}`);
  }
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { target: { type: "string" }, host: { type: "string" }, port: { type: "string" } },
    strict: true,
  });
  const env = { ...process.env };
  if (values.target) env.TARGET = values.target;
  if (values.host) env.HOST = values.host;
  if (values.port) env.PORT = values.port;
  validateTargetsOrThrow((env.TARGET || "all").split(",").map((t) => t.trim()));
  const config = loadConfig(env);
  const platform = await createPlatform(config);
  const url = await platform.listen();
  console.log(`GO-PRO is ready at ${url}  (modules: ${platform.modules.join(", ")})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.ctx.log.info({ signal }, "shutting down");
    await platform.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return -1; // keep running
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.GOPRO_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter): ");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString("utf8").split("\n")[0]?.trim() ?? "";
}

async function adminCreate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  if (!values.email) throw new UsageError("--email is required");
  const password = await readPassword();
  if (password.length < 8) throw new UsageError("the password must be at least 8 characters");
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  });
  const platform = await createPlatform({ ...config, targets: ["identity", "gateway"] });
  try {
    const identity = platform.clients.identity;
    if (!identity) throw new Error("identity module missing");
    const { RegisterBody } = await import("../../common/api.ts");
    const checked = RegisterBody.safeParse({
      email: values.email,
      password,
      displayName: values.name ?? "Administrator",
    });
    if (!checked.success)
      throw new UsageError(checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const r = await identity.createAdmin(checked.data.email, checked.data.password, checked.data.displayName);
    await platform.ctx.relay.drain();
    console.log(`${r.created ? "created" : "promoted"} administrator ${r.user.email}`);
  } finally {
    await platform.stop();
  }
  return 0;
}

async function curriculumImport(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: "string" } }, strict: true });
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const platform = await createPlatform({ ...config, targets: ["catalog", "identity", "gateway"] });
  try {
    const catalog = platform.clients.catalog;
    if (!catalog) throw new Error("catalog module missing");
    const r = await catalog.importFrom(values.dir ?? config.curriculumDir);
    await platform.ctx.relay.drain();
    for (const p of r.problems) console.error(`problem: ${p.file}: ${p.message}`);
    console.log(
      `imported: ${r.imported.join(", ") || "none"}; unchanged: ${r.unchanged.join(", ") || "none"}`,
    );
    return r.problems.length > 0 ? 1 : 0;
  } finally {
    await platform.stop();
  }
}

async function curriculumValidate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: "string" },
      static: { type: "boolean" },
      "update-ids": { type: "boolean" },
      "race-count": { type: "string" },
    },
    strict: true,
  });
  const raceCount = Number(values["race-count"] ?? DEFAULT_RACE_COUNT);
  if (!Number.isInteger(raceCount) || raceCount < 1 || raceCount > 1000)
    throw new UsageError("--race-count must be a whole number from 1 to 1000");
  const dir = values.dir ?? loadConfig().curriculumDir;
  const loaded = await loadCurriculum(dir);
  for (const p of loaded.problems) console.error(`✗ ${p.file}: ${p.message}`);
  let failures = loaded.problems.length;
  const idProblems =
    loaded.problems.length === 0 ? checkPublishedIds(dir, loaded.courses, values["update-ids"] === true) : [];
  for (const p of idProblems) console.error(`✗ ${PUBLISHED_IDS_FILE}: ${p}`);
  failures += idProblems.length;
  if (!values.static) {
    const work = await mkdtemp(path.join(tmpdir(), "gopro-validate-"));
    try {
      failures += await validateCurriculumWithGo(loaded.courses, work, (line) => console.log(line), {
        raceCount,
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  for (const c of loaded.courses) {
    const items = c.modules.flatMap((m) => m.items);
    const lessons = items.filter((i) => i.kind === "lesson").length;
    console.log(`  ${c.slug}: ${lessons} lessons, ${items.length - lessons} exercises`);
  }
  const n = loaded.courses.reduce((s, c) => s + c.modules.reduce((m, x) => m + x.items.length, 0), 0);
  console.log(
    `${failures === 0 ? "✓" : "✗"} ${loaded.courses.length} course(s), ${n} item(s), ${failures} problem(s)`,
  );
  return failures === 0 ? 0 : 1;
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (err) {
  if (err instanceof ConfigError || err instanceof UsageError) console.error(err.message);
  else if (err instanceof AppError) console.error(`error: ${err.message}`);
  else if (err instanceof Error && /in use by another GO-PRO process|Unknown target/.test(err.message))
    console.error(err.message);
  else console.error(err);
  process.exitCode = 2;
}
