/**
 * The gopro command as an operator uses it: clear errors for bad input, the admin account, the data
 * directory lock, and curriculum validation.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { Client, startTestServer } from "../support/server.ts";

const root = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "gopro-cli-"));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function gopro(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, "server/cli/main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("gopro CLI", () => {
  test("help, and an unknown command says what exists", () => {
    assert.match(gopro(["--help"]).out, /gopro serve/);
    const r = gopro(["frobnicate"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frobnicate'/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/, "no stack trace for bad input");
  });

  test("an unknown target fails at boot listing the valid ones", () => {
    const r = gopro(["serve", "--target", "all,nope"], { DATA_DIR: tempDir() });
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown target\(s\): nope\. Valid targets: all, identity, catalog/);
  });

  test("bad configuration lists every problem at once", () => {
    const r = gopro(["serve"], { PORT: "eighty", LOG_LEVEL: "chatty", DATABASE_URL: "mysql://x" });
    assert.equal(r.code, 2);
    for (const v of ["PORT", "LOG_LEVEL", "DATABASE_URL"]) assert.match(r.err, new RegExp(`- ${v}`));
  });

  test("admin create makes an account that can use the admin API; the data dir is locked while served", async () => {
    const dataDir = tempDir();
    const short = gopro(["admin", "create", "--email", "boss@example.test"], {
      DATA_DIR: dataDir,
      GOPRO_ADMIN_PASSWORD: "short",
    });
    assert.equal(short.code, 2);
    assert.match(short.err, /at least 8 characters/);
    const made = gopro(["admin", "create", "--email", "boss@example.test", "--name", "Boss"], {
      DATA_DIR: dataDir,
      GOPRO_ADMIN_PASSWORD: "a long admin password",
    });
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /created administrator boss@example\.test/);

    const server = await startTestServer("pglite", { DATA_DIR: dataDir });
    try {
      const locked = gopro(["migrate"], { DATA_DIR: dataDir });
      assert.equal(locked.code, 2);
      assert.match(locked.err, /in use by another GO-PRO process/);

      const c = new Client(server.url);
      const login = await c.req("POST", "/api/v1/auth/login", {
        email: "boss@example.test",
        password: "a long admin password",
      });
      assert.equal(login.status, 200);
      c.token = login.json<{ accessToken: string }>().accessToken;
      const users = await c.req("GET", "/api/v1/admin/users");
      assert.equal(users.status, 200);
      assert.ok(users.json<{ users: Array<{ role: string }> }>().users.some((u) => u.role === "admin"));
      const runner = await c.req("GET", "/api/v1/admin/runner");
      assert.equal(runner.status, 200);
      assert.ok(["bubblewrap", "none"].includes(runner.json<{ sandbox: string }>().sandbox));
      assert.equal((await c.req("GET", "/api/v1/admin/courses")).status, 200);
    } finally {
      await server.stop();
    }
    // The lock is released on a clean stop.
    assert.equal(gopro(["migrate"], { DATA_DIR: dataDir }).code, 0);
  });

  test("curriculum validate lists the problems of a broken course and exits non-zero", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "broken"));
    writeFileSync(path.join(dir, "broken", "course.yaml"), "id: broken\nslug: broken\ntitle: 3\n");
    const r = gopro(["curriculum", "validate", "--static", "--dir", dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /broken\/course\.yaml/);
    assert.match(r.out, /0 course\(s\)/);
  });

  test("curriculum import: a new course is imported, an unchanged one left alone, an edited one re-imported", () => {
    const dir = tempDir();
    const courses = path.join(dir, "curriculum");
    cpSync(path.join(root, "curriculum", "go-first-steps"), path.join(courses, "go-first-steps"), {
      recursive: true,
    });
    const env = { DATA_DIR: path.join(dir, "data") };
    const first = gopro(["curriculum", "import", "--dir", courses], env);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /imported: go-first-steps; unchanged: none/);
    const again = gopro(["curriculum", "import", "--dir", courses], env);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /imported: none; unchanged: go-first-steps/);
    appendFileSync(path.join(courses, "go-first-steps", "lessons", "hello-go.md"), "\nOne more line.\n");
    const edited = gopro(["curriculum", "import", "--dir", courses], env);
    assert.equal(edited.code, 0, edited.err);
    assert.match(edited.out, /imported: go-first-steps; unchanged: none/);
    const missing = gopro(["curriculum", "import", "--dir", path.join(dir, "nowhere")], env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.err, /nowhere/);
  });

  test("curriculum validate passes on the shipped curriculum (static checks)", () => {
    const r = gopro(["curriculum", "validate", "--static"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /✓ \d+ course\(s\)/);
  });
});
