import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

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

test("lists are split on commas and the cookie is Secure off loopback", () => {
  const c = loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example", HOST: "0.0.0.0" });
  assert.deepEqual(c.corsOrigins, ["https://a.example", "https://b.example"]);
  assert.equal(c.cookieSecure, true);
});
