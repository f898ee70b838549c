/**
 * The runner's warm-up compiles the standard packages the shipped exercises import: a package
 * added to an exercise and not to WARM_IMPORTS would make the first learner's run compile it.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { WARM_IMPORTS } from "./runner.ts";

const root = path.resolve(import.meta.dirname, "../../../curriculum");

function goFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return goFiles(p);
    return e.name.endsWith(".go") && p.includes(`${path.sep}exercises${path.sep}`) ? [p] : [];
  });
}

/** Import paths of a Go file: single imports and import blocks, with or without a name. */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  const spec = /^\s*(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]+)"/;
  let inBlock = false;
  for (const line of source.split("\n")) {
    if (inBlock) {
      if (/^\s*\)/.test(line)) inBlock = false;
      else {
        const m = spec.exec(line);
        if (m?.[1]) out.push(m[1]);
      }
      continue;
    }
    if (/^import\s*\(/.test(line)) inBlock = true;
    else {
      const m = /^import\s+(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"]+)"/.exec(line);
      if (m?.[1]) out.push(m[1]);
    }
  }
  return out;
}

test("importsOf reads single imports, blocks and named imports", () => {
  assert.deepEqual(importsOf('package a\n\nimport "fmt"\nimport j "encoding/json"\n'), [
    "fmt",
    "encoding/json",
  ]);
  assert.deepEqual(importsOf('package a\n\nimport (\n\t"io"\n\t_ "embed"\n\n\tx "log/slog"\n)\n'), [
    "io",
    "embed",
    "log/slog",
  ]);
});

test("every standard package the exercises import is warmed at startup", () => {
  const files = goFiles(root);
  assert.ok(files.length > 100, `found the exercises' Go files (${files.length})`);
  const used = new Set(files.flatMap((f) => importsOf(readFileSync(f, "utf8"))));
  // "testing" comes with every test binary; a path with a dot in its first element is not standard.
  const std = [...used].filter((p) => p !== "testing" && !p.split("/")[0]?.includes("."));
  const missing = std.filter((p) => !WARM_IMPORTS.includes(p)).sort();
  assert.deepEqual(missing, [], "add these to WARM_IMPORTS in runner.ts");
});
