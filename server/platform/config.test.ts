import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { CONFIG_DOC, ConfigError, EnvSchema, loadConfig } from "./config.ts";

test("defaults: embedded, loopback, port 8080, target all", () => {
  const c = loadConfig({});
  assert.equal(c.host, "127.0.0.1");
  assert.equal(c.port, 8080);
  assert.deepEqual(c.targets, ["all"]);
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.cookieSecure, false);
});

test("every problem is reported at once", () => {
  try {
    loadConfig({ PORT: "99999", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud", JWT_SECRET: "short" });
    assert.fail("expected a ConfigError");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const joined = err.problems.join("\n");
    for (const name of ["PORT", "DATABASE_URL", "LOG_LEVEL", "JWT_SECRET"])
      assert.match(joined, new RegExp(name));
    assert.equal(err.problems.length, 4);
  }
});

test("split targets require a database server and a shared secret", () => {
  assert.throws(
    () => loadConfig({ TARGET: "gateway" }),
    (e: unknown) => e instanceof ConfigError && e.problems.length === 2,
  );
});

test("rules across variables are reported together with field problems", () => {
  assert.throws(
    () => loadConfig({ TARGET: "progress", PORT: "abc" }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.length === 3 &&
      e.problems.some((p) => p.startsWith("PORT")) &&
      e.problems.some((p) => p.startsWith("DATABASE_URL: required")) &&
      e.problems.some((p) => p.startsWith("JWT_SECRET: required")),
  );
});

test("lists are split on commas and the cookie is Secure off loopback", () => {
  const c = loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example", HOST: "0.0.0.0" });
  assert.deepEqual(c.corsOrigins, ["https://a.example", "https://b.example"]);
  assert.equal(c.cookieSecure, true);
});

test("mail: captured without SMTP_URL, smtp(s) URLs only, digest timer and PUBLIC_URL", () => {
  const d = loadConfig({});
  assert.equal(d.notifications.smtpUrl, undefined);
  assert.equal(d.notifications.digestIntervalHours, 168);
  assert.equal(d.publicUrl, "http://127.0.0.1:8080");
  const c = loadConfig({
    SMTP_URL: "smtps://user:pa%40ss@mail.example.test:465",
    PUBLIC_URL: "https://learn.example.test/",
    DIGEST_INTERVAL_HOURS: "0",
  });
  assert.equal(c.notifications.smtpUrl, "smtps://user:pa%40ss@mail.example.test:465");
  assert.equal(c.publicUrl, "https://learn.example.test");
  assert.equal(c.notifications.digestIntervalHours, 0);
  try {
    loadConfig({ SMTP_URL: "http://user:secret-password@mail.example.test", PUBLIC_URL: "ftp://x" });
    assert.fail("expected a ConfigError");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.problems.length, 2);
    assert.ok(!err.message.includes("secret-password"), "the password is never echoed");
  }
});

test("KAFKA_BROKERS: unset runs the in-process bus; a host:port list, or a clear error", () => {
  assert.equal(loadConfig({}).kafkaBrokers, undefined);
  assert.deepEqual(loadConfig({ KAFKA_BROKERS: "k1:9092, 10.0.0.2:9093" }).kafkaBrokers, [
    "k1:9092",
    "10.0.0.2:9093",
  ]);
  assert.throws(
    () => loadConfig({ KAFKA_BROKERS: "kafka://k1:9092" }),
    (e: unknown) => e instanceof ConfigError && /KAFKA_BROKERS/.test(e.problems.join()),
  );
});

test("every variable the config reads is documented, with its default, in CONFIG_DOC and the README", () => {
  const readme = readFileSync(path.join(import.meta.dirname, "../../README.md"), "utf8");
  // Rows are "| `NAME` | default | what |", or "| `A` / `B` | default of A / default of B | … |".
  const plain = (s: string) => s.replaceAll("`", "").replaceAll("(", "").replaceAll(")", "").trim();
  const rows = new Map<string, string>();
  for (const m of readme.matchAll(/^\| (`[A-Z][A-Z0-9_]+`(?: \/ `[A-Z][A-Z0-9_]+`)*) \| ([^|]+) \|/gm)) {
    const names = (m[1] ?? "").split(" / ").map(plain);
    const defaults = (m[2] ?? "").split(" / ").map(plain);
    for (const [i, name] of names.entries()) rows.set(name, defaults[names.length > 1 ? i : 0] ?? "");
  }
  const documented = new Map(CONFIG_DOC.map(([name, def]) => [name, plain(def)]));
  assert.deepEqual([...documented.keys()].sort(), Object.keys(EnvSchema.shape).sort());
  for (const [name, def] of documented) {
    assert.ok(rows.has(name), `README's configuration table has no row for ${name}`);
    assert.equal(rows.get(name), def, `README default of ${name}`);
  }
});
