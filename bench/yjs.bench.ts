/**
 * Live session documents: Yjs updates the server applies per second, against a bare `Y.applyUpdate`
 * loop over the same updates in the same process.
 *
 *   node bench/yjs.bench.ts [updates] [members]     (default 20000, 3)
 *
 * The updates are what browsers send while people type together: `members` clients editing one Go
 * file, one keystroke per update (mostly typing at their own cursor, some deletions, now and then a
 * jump elsewhere), recorded once up front. Bare side: `Y.applyUpdate` of each update to a fresh
 * document. Server side: `LiveDocs.message()` with each update as it arrives from the hub, the room
 * frame's `data` after JSON.parse (`{sync: base64}`): frame check, base64, the sync message, the
 * document-size check, applying it, then what follows every change: the update encoded once for the
 * room's other members and once for the other processes (both pushes go to no-op sinks here; the
 * WebSocket and Redis sends are measured by bench/ws.bench.ts), and the save scheduled (the database
 * write is not in this loop). Rounds alternate which side goes first; medians are reported.
 */
import { toBase64 } from "lib0/buffer";
import * as encoding from "lib0/encoding";
import { writeUpdate } from "y-protocols/sync";
import * as Y from "yjs";
import { fileText, initialDoc, LiveDocs } from "../server/modules/sessions/docs.ts";
import { createLogger } from "../server/platform/logger.ts";
import { fmt } from "./support.ts";

const N = Number(process.argv[2] ?? 20_000);
const MEMBERS = Number(process.argv[3] ?? 3);
const ROUNDS = 9;
const FILE = "solution.go";
const STARTER = "package exercise\n\n// Sum adds up the numbers.\nfunc Sum(xs []int) int {\n\treturn 0\n}\n";

let seed = 7;
const rand = (): number => {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};

/** The recorded typing: each member's keystrokes as the updates their browser sends. */
function record(): { start: Uint8Array; updates: Uint8Array[]; chars: number } {
  const start = initialDoc({ [FILE]: STARTER });
  const clients = Array.from({ length: MEMBERS }, () => {
    const d = new Y.Doc();
    Y.applyUpdate(d, start);
    return { doc: d, pos: STARTER.length - 2 };
  });
  const updates: Uint8Array[] = [];
  for (const c of clients)
    c.doc.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== "peer") updates.push(u);
    });
  const alphabet = "abcdefghijklmnopqrstuvwxyz \t\n(){}[]:=+-*/.,0123456789";
  while (updates.length < N) {
    const c = clients[Math.floor(rand() * clients.length)] as (typeof clients)[number];
    const text = fileText(c.doc, FILE);
    const before = updates.length;
    const r = rand();
    if (r < 0.03) c.pos = Math.floor(rand() * (text.length + 1));
    c.pos = Math.min(c.pos, text.length);
    if (r < 0.15 && c.pos > 0) {
      text.delete(c.pos - 1, 1);
      c.pos--;
    } else {
      text.insert(c.pos, alphabet[Math.floor(rand() * alphabet.length)] as string);
      c.pos++;
    }
    // Every member receives the keystroke, as the server's broadcast would deliver it.
    for (const u of updates.slice(before))
      for (const o of clients) if (o !== c) Y.applyUpdate(o.doc, u, "peer");
  }
  updates.length = N;
  return { start, updates, chars: fileText(clients[0]?.doc ?? new Y.Doc(), FILE).length };
}

const { start, updates, chars } = record();
/** Each update as the room frame's data carries it (a y-protocols update message in base64). */
const frames = updates.map((u) => {
  const enc = encoding.createEncoder();
  writeUpdate(enc, u);
  return { sync: toBase64(encoding.toUint8Array(enc)) };
});
const bytes = frames.reduce((n, f) => n + f.sync.length, 0);

function bare(): number {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, start);
  const t0 = performance.now();
  for (const u of updates) Y.applyUpdate(doc, u);
  const s = (performance.now() - t0) / 1000;
  doc.destroy();
  return N / s;
}

const log = createLogger("silent");
let pushed = 0;
async function server(): Promise<number> {
  const docs = new LiveDocs({
    node: "bench",
    log,
    load: async () => ({ doc: start, ended: false }),
    save: async () => undefined,
    publish: () => {
      pushed++;
    },
    push: () => {
      pushed++;
    },
  });
  const member = { key: 1, claims: { userId: "bench-user", displayName: "Bench" } };
  const reply = () => undefined;
  // Opening the document (the load) is not part of the loop.
  await docs.message(member, "bench-session", { aw: toBase64(new Uint8Array([0])) }, reply);
  const t0 = performance.now();
  for (const f of frames) await docs.message(member, "bench-session", f, reply);
  const s = (performance.now() - t0) / 1000;
  const applied = docs.applied - 1;
  await docs.close();
  if (applied !== N) throw new Error(`applied ${applied} of ${N} updates`);
  return N / s;
}

// Warm up both (JIT).
bare();
await server();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const bareRuns: number[] = [];
const serverRuns: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    bareRuns.push(bare());
    serverRuns.push(await server());
  } else {
    serverRuns.push(await server());
    bareRuns.push(bare());
  }
}
const ratios = serverRuns.map((s, i) => s / (bareRuns[i] as number));
const ratio = median(ratios);
console.log(
  `${N} keystroke updates from ${MEMBERS} members (${fmt(bytes / N, 0)} base64 bytes each on average; the file ends at ${chars} characters), ${ROUNDS} rounds, medians`,
);
console.log(`bare Y.applyUpdate loop           ${fmt(median(bareRuns) / 1000, 1)} k updates/s`);
console.log(`server (LiveDocs.message)         ${fmt(median(serverRuns) / 1000, 1)} k updates/s`);
console.log(
  `ratio server/bare                 ${fmt(ratio, 2)}× (rounds ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`,
);
console.log(
  JSON.stringify({
    bench: "yjs",
    updates: N,
    members: MEMBERS,
    bareUpdatesPerSec: Math.round(median(bareRuns)),
    serverUpdatesPerSec: Math.round(median(serverRuns)),
    ratio: +ratio.toFixed(3),
    pushed: pushed > 0,
  }),
);
