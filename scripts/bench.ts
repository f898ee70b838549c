/**
 * `npm run bench [name…]`: runs the benchmarks in bench/ one after another (all, or those whose file
 * name contains one of the arguments) and ends with the JSON summary line each of them printed.
 */
import { spawn } from "node:child_process";
import { globSync } from "node:fs";

const wanted = process.argv.slice(2);
const files = globSync("bench/*.bench.ts")
  .sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ")}; see bench/`);
  process.exit(2);
}
const summaries: string[] = [];
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file} ==`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      process.stdout.write(b);
      out += b.toString();
    });
    child.on("close", (c) => {
      const json = out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .at(-1);
      if (json !== undefined) summaries.push(json);
      resolve(c ?? 1);
    });
  });
  if (code !== 0) failed++;
}
console.log("\n== summary ==");
for (const s of summaries) console.log(s);
process.exit(failed > 0 ? 1 : 0);
