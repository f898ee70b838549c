/**
 * Learner code of any kind, submitted through the public API, gets a clear verdict; the server keeps
 * answering while it runs, and the learner's code is never lost.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Attempt, Draft } from "../../common/api.ts";
import { Client, startTestServer, type TestServer } from "../support/server.ts";

const HELLO = "go-first-steps.hello";
const pkg = (body: string) => `package hello\n\n${body}\n`;

describe("learner code through the API", () => {
  let server: TestServer;
  let c: Client;
  before(async () => {
    server = await startTestServer("pglite");
    c = new Client(server.url);
    await c.register();
    assert.equal((await c.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);
  });
  after(() => server?.stop());

  const run = async (source: string) => {
    const r = await c.req("POST", `/api/v1/exercises/${HELLO}/attempts`, { files: { "hello.go": source } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.json<Attempt>().verdict;
  };

  test("an endless loop times out, and the server answers other requests meanwhile", async () => {
    const pending = run(pkg("func Hello(name string) string {\n\tfor {\n\t}\n}"));
    const other = new Client(server.url);
    // While the loop burns its run-time budget, the catalog still answers.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await other.req("GET", "/api/v1/courses")).status, 200);
    const v = await pending;
    assert.equal(v.status, "timeout");
    assert.match(v.message, /did not finish within 5 s/);
  });

  test("endless output is cut off with a clear verdict", async () => {
    const v = await run(
      pkg(
        'import "fmt"\n\nfunc Hello(name string) string {\n\tfor {\n\t\tfmt.Println("spam spam spam spam")\n\t}\n}',
      ),
    );
    assert.equal(v.status, "output_exceeded");
  });

  test("a panic is reported on the test that panicked", async () => {
    const v = await run(pkg('func Hello(name string) string {\n\tpanic("boom: " + name)\n}'));
    assert.equal(v.status, "failed");
    const hit = v.tests.find((t) => t.status === "error");
    assert.ok(hit, JSON.stringify(v.tests));
    assert.match(hit.message, /boom/);
  });

  test("an empty file and a missing package clause are compile errors at line 1", async () => {
    const empty = await run("");
    assert.equal(empty.status, "compile_error");
    assert.equal(empty.compileErrors[0]?.file, "hello.go");
    const noPkg = await run("func Hello(name string) string { return name }\n");
    assert.equal(noPkg.status, "compile_error");
    assert.equal(noPkg.compileErrors[0]?.line, 1);
  });

  test("broken Unicode in code and output gives a verdict, and the draft keeps the code", async () => {
    // A lone surrogate cannot be stored as UTF-8: it becomes U+FFFD, and the run still happens.
    const source = pkg(
      'import "fmt"\n\nfunc Hello(name string) string {\n\tfmt.Print("\\xff\\xfe bytes")\n\treturn "\uD800"\n}',
    );
    const v = await run(source);
    assert.equal(v.status, "failed");
    const draft = (await c.req("GET", `/api/v1/exercises/${HELLO}/draft`)).json<Draft>();
    assert.equal(draft.files["hello.go"], source.toWellFormed());
  });

  test("the learner's own prints are kept apart from the test's messages", async () => {
    const v = await run(
      pkg('import "fmt"\n\nfunc Hello(name string) string {\n\tfmt.Println("debug:", name)\n\treturn ""\n}'),
    );
    const t = v.tests.find((x) => x.status === "fail" && x.output.includes("debug:"));
    assert.ok(t, JSON.stringify(v.tests));
    assert.doesNotMatch(t.message, /debug:/);
    assert.match(t.message, /want/);
  });
});

describe("a request that outlives REQUEST_TIMEOUT_MS", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer("pglite", { REQUEST_TIMEOUT_MS: "1000" });
  });
  after(() => server?.stop());

  test("gets 504 in the envelope, keeps the draft, and the server goes on", async () => {
    const c = new Client(server.url);
    await c.register();
    assert.equal((await c.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);
    const files = { "hello.go": pkg("func Hello(name string) string {\n\tfor {\n\t}\n}") };
    const r = await c.req("POST", `/api/v1/exercises/${HELLO}/attempts`, { files });
    assert.equal(r.status, 504);
    assert.equal(r.code, "timeout");
    assert.deepEqual((await c.req("GET", `/api/v1/exercises/${HELLO}/draft`)).json<Draft>().files, files);
    assert.equal((await c.req("GET", "/healthz")).status, 200);
  });
});
