/**
 * The shared documents of live sessions, as this process holds them: one Yjs document and awareness
 * (who is where, with which name and colour) per session that has members connected here.
 *
 * Browsers speak the y-protocols sync and awareness messages, base64 in JSON frames of the session's
 * room: `{sync}` (step 1, step 2 or an update) and `{aw}` (an awareness update). Each change is
 * passed on to the room's other members here, and to the other processes through the live bus, which
 * apply it to their copy and pass it on to their members. A process that opens a document asks the
 * others for what its stored copy lacks (`want`, its state vector). The document is saved, merged
 * with what is stored, a moment after it changes and when its last member here leaves.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from "y-protocols/awareness";
import {
  messageYjsSyncStep1,
  messageYjsSyncStep2,
  messageYjsUpdate,
  readSyncMessage,
  writeSyncStep1,
  writeUpdate,
} from "y-protocols/sync";
import * as Y from "yjs";
import { z } from "zod";
import { FILE_PREFIX, fileText } from "../../../common/session-doc.ts";
import type { Logger } from "../../platform/logger.ts";

/** At most this many characters in all of a session's files together. */
export const MAX_DOC_CHARS = 200_000;
/** A changed document is saved this long after its last change. */
export const SAVE_DELAY_MS = 1_000;
/** A document nobody here uses stays in memory this long (a reload comes straight back). */
export const UNLOAD_DELAY_MS = 30_000;

export { fileText };

/** A new document holding `files`, as one update (what a session is created with). */
export function initialDoc(files: Record<string, string>): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const [name, content] of Object.entries(files)) fileText(doc, name).insert(0, content);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const B64 = z
  .string()
  .max(200_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64");
const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));

/** A member's frame: exactly one of a sync message and an awareness update. */
const MemberFrame = z.union([z.strictObject({ sync: B64 }), z.strictObject({ aw: B64 })]);

/** What travels between processes on the live bus. */
export const SyncMessage = z.object({
  node: z.string().min(1).max(100),
  id: z.string().min(1).max(100),
  /** A document update. */
  u: B64.optional(),
  /** An awareness update. */
  aw: B64.optional(),
  /** "Send me what I lack": the state vector of a process that has just opened the document. */
  want: B64.optional(),
});
export type SyncMessage = z.infer<typeof SyncMessage>;

/** Who a change came from: a member here, another process, or the server itself. */
type Origin = { key: number } | typeof REMOTE | "leave" | "load";
const REMOTE = Symbol("remote");

export interface Member {
  readonly key: number;
  /** Who is signed in on that connection: their cursor is shown under this name and id. */
  readonly claims: { readonly userId: string; readonly displayName: string };
}

/** Awareness states in one update from a member, at most (a tab has one). */
const MAX_AWARENESS_ENTRIES = 8;
/** A member's awareness state (name, colour, cursor, file) as JSON, at most. */
const MAX_AWARENESS_STATE = 4_096;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const shortString = (v: unknown): v is string => typeof v === "string" && v.length <= 32;

export interface DocsDeps {
  /** This process's name on the live bus (its own messages come back and are skipped). */
  node: string;
  log: Logger;
  /** The stored document and whether the session has ended; null when there is no such session. */
  load(id: string): Promise<{ doc: Uint8Array; ended: boolean } | null>;
  /** Merges `update` into the stored document. */
  save(id: string, update: Uint8Array): Promise<void>;
  /** To the other processes. */
  publish(message: SyncMessage): void;
  /** To the room's members connected here, but `except`. */
  push(id: string, data: unknown, except?: number): void;
}

interface Entry {
  id: string;
  doc: Y.Doc;
  awareness: Awareness;
  ended: boolean;
  /** Members connected here, and the awareness client ids each one speaks for. */
  members: Map<number, Set<number>>;
  saveTimer: NodeJS.Timeout | null;
  unloadTimer: NodeJS.Timeout | null;
  dirty: boolean;
  /** Characters in all files: checked before an update is applied. */
  chars: number;
}

/** Reads the sub-type of a sync message without consuming it (0 step 1, 1 step 2, 2 update). */
function syncType(bytes: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(bytes));
}

/**
 * A member's awareness update, rewritten so that it speaks only for that member: entries for a client
 * id whose current state is another user's (here or in another process) are dropped, and each state's
 * `user` carries the member's own name and id, whatever the browser put there (the page marks the
 * host, and "follow the host" follows, by that id). States are only ever stored stamped, so the id in
 * a current state says whose it is; the same user may take a client id over (a tab that reconnected
 * before its old connection was noticed gone). The colour is kept when it is a short string. Null
 * when nothing is left; throws on an unreadable update.
 */
function ownAwareness(entry: Entry, member: Member, bytes: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(bytes);
  const n = decoding.readVarUint(d);
  if (n > MAX_AWARENESS_ENTRIES) throw new Error(`${n} awareness entries`);
  const states = entry.awareness.getStates();
  const kept: Array<{ client: number; clock: number; json: string }> = [];
  for (let i = 0; i < n; i++) {
    const client = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    if (json.length > MAX_AWARENESS_STATE) throw new Error("awareness state too large");
    const state: unknown = JSON.parse(json);
    const current = states.get(client);
    if (
      current !== undefined &&
      (isRecord(current.user) ? current.user.id : undefined) !== member.claims.userId
    )
      continue;
    if (state === null) {
      kept.push({ client, clock, json });
      continue;
    }
    if (!isRecord(state)) throw new Error("awareness state is not an object");
    const said = isRecord(state.user) ? state.user : {};
    const user: Record<string, string> = { name: member.claims.displayName, id: member.claims.userId };
    if (shortString(said.color)) user.color = said.color;
    if (shortString(said.colorLight)) user.colorLight = said.colorLight;
    kept.push({ client, clock, json: JSON.stringify({ ...state, user }) });
  }
  if (decoding.hasContent(d)) throw new Error("bytes after the awareness update");
  if (kept.length === 0) return null;
  const out = encoding.createEncoder();
  encoding.writeVarUint(out, kept.length);
  for (const k of kept) {
    encoding.writeVarUint(out, k.client);
    encoding.writeVarUint(out, k.clock);
    encoding.writeVarString(out, k.json);
  }
  return encoding.toUint8Array(out);
}

/** Characters a Yjs update would insert (an upper bound on how much it can grow the text). */
function insertedChars(update: Uint8Array): number {
  let n = 0;
  for (const s of Y.decodeUpdate(update).structs) if (s instanceof Y.Item) n += s.length;
  return n;
}

export class LiveDocs {
  readonly #d: DocsDeps;
  readonly #entries = new Map<string, Promise<Entry | null>>();
  /** Sync messages applied (documents and awareness), for the benchmark and metrics. */
  applied = 0;

  constructor(deps: DocsDeps) {
    this.#d = deps;
  }

  /** How many documents this process holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** A member's frame in the session's room. Bad frames get an error reply and change nothing. */
  async message(member: Member, id: string, data: unknown, reply: (data: unknown) => void): Promise<void> {
    const frame = MemberFrame.safeParse(data);
    if (!frame.success) {
      reply({ kind: "error", code: "bad_frame", message: "Expected {sync} or {aw}, base64." });
      return;
    }
    const entry = await this.#open(id);
    if (entry === null) {
      reply({ kind: "error", code: "not_found", message: "No such session." });
      return;
    }
    if (!entry.members.has(member.key)) entry.members.set(member.key, new Set());
    if (entry.unloadTimer !== null) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
    }
    try {
      if ("sync" in frame.data) this.#sync(entry, member, bytesOf(frame.data.sync), reply);
      else {
        const own = ownAwareness(entry, member, bytesOf(frame.data.aw));
        if (own !== null) applyAwarenessUpdate(entry.awareness, own, { key: member.key });
      }
      this.applied++;
    } catch (err) {
      this.#d.log.debug({ err, id }, "sessions: unreadable sync frame");
      reply({ kind: "error", code: "bad_frame", message: "Unreadable sync or awareness message." });
    }
  }

  #sync(entry: Entry, member: Member, bytes: Uint8Array, reply: (data: unknown) => void): void {
    const type = syncType(bytes);
    if (type !== messageYjsSyncStep1) {
      if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) throw new Error(`sync type ${type}`);
      if (entry.ended) {
        reply({ kind: "error", code: "read_only", message: "The session has ended: its code is read-only." });
        return;
      }
      const d = decoding.createDecoder(bytes);
      decoding.readVarUint(d);
      const update = decoding.readVarUint8Array(d);
      // An update's bytes bound the characters it inserts (each takes at least one UTF-8 byte), so only
      // updates near the limit are decoded to count them.
      if (
        entry.chars + update.length > MAX_DOC_CHARS &&
        entry.chars + insertedChars(update) > MAX_DOC_CHARS
      ) {
        reply({
          kind: "error",
          code: "too_large",
          message: `A session's files hold at most ${MAX_DOC_CHARS} characters.`,
        });
        return;
      }
    }
    const encoder = encoding.createEncoder();
    readSyncMessage(decoding.createDecoder(bytes), encoder, entry.doc, { key: member.key });
    if (encoding.length(encoder) > 0) reply({ sync: b64(encoding.toUint8Array(encoder)) });
    if (type === messageYjsSyncStep1) {
      // Ask back for what the member has and we lack, and show it who else is here.
      const ours = encoding.createEncoder();
      writeSyncStep1(ours, entry.doc);
      reply({ sync: b64(encoding.toUint8Array(ours)) });
      const others = [...entry.awareness.getStates().keys()];
      if (others.length > 0) reply({ aw: b64(encodeAwarenessUpdate(entry.awareness, others)) });
    }
  }

  /** The member left the room (or disconnected): its cursors go, and an unused document unloads. */
  leave(member: Member, id: string): void {
    void this.#entries.get(id)?.then((entry) => {
      if (entry === null) return;
      const clients = entry.members.get(member.key);
      if (clients === undefined) return;
      entry.members.delete(member.key);
      if (clients.size > 0) removeAwarenessStates(entry.awareness, [...clients], "leave");
      if (entry.members.size === 0 && entry.unloadTimer === null) {
        entry.unloadTimer = setTimeout(() => void this.#unload(entry), UNLOAD_DELAY_MS);
        entry.unloadTimer.unref();
      }
    });
  }

  /** A message from another process. */
  remote(m: SyncMessage): void {
    if (m.node === this.#d.node) return;
    void this.#entries.get(m.id)?.then((entry) => {
      if (entry === null) return;
      try {
        if (m.u !== undefined) Y.applyUpdate(entry.doc, bytesOf(m.u), REMOTE);
        if (m.aw !== undefined) applyAwarenessUpdate(entry.awareness, bytesOf(m.aw), REMOTE);
        if (m.want !== undefined) {
          const diff = Y.encodeStateAsUpdate(entry.doc, bytesOf(m.want));
          this.#d.publish({ node: this.#d.node, id: entry.id, u: b64(diff) });
          const states = [...entry.awareness.getStates().keys()];
          if (states.length > 0)
            this.#d.publish({
              node: this.#d.node,
              id: entry.id,
              aw: b64(encodeAwarenessUpdate(entry.awareness, states)),
            });
        }
      } catch (err) {
        this.#d.log.warn({ err, id: m.id }, "sessions: dropped an unreadable message from another process");
      }
    });
  }

  /** The session ended or was reopened (here or in another process). */
  setEnded(id: string, ended: boolean): void {
    void this.#entries.get(id)?.then((entry) => {
      if (entry !== null) entry.ended = ended;
    });
  }

  /** Saves every changed document now and lets go of them all (shutdown). */
  async close(): Promise<void> {
    const entries = await Promise.all(this.#entries.values());
    for (const e of entries) if (e !== null) await this.#unload(e, true);
  }

  #open(id: string): Promise<Entry | null> {
    let p = this.#entries.get(id);
    if (p === undefined) {
      p = this.#load(id);
      this.#entries.set(id, p);
      // A session that does not exist is not remembered (nor is a failed load).
      p.then(
        (e) => {
          if (e === null) this.#entries.delete(id);
        },
        () => this.#entries.delete(id),
      );
    }
    return p;
  }

  async #load(id: string): Promise<Entry | null> {
    const stored = await this.#d.load(id);
    if (stored === null) return null;
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, stored.doc, "load");
    const awareness = new Awareness(doc);
    // The server is not a participant: it has no cursor of its own.
    awareness.setLocalState(null);
    const entry: Entry = {
      id,
      doc,
      awareness,
      ended: stored.ended,
      members: new Map(),
      saveTimer: null,
      unloadTimer: null,
      dirty: false,
      chars: 0,
    };
    const count = () => {
      let n = 0;
      // Types that arrived in an update are untyped until asked for as text.
      for (const key of doc.share.keys()) if (key.startsWith(FILE_PREFIX)) n += doc.getText(key).length;
      return n;
    };
    entry.chars = count();
    doc.on("update", (update: Uint8Array, origin: Origin) => {
      entry.chars = count();
      const enc = encoding.createEncoder();
      writeUpdate(enc, update);
      this.#d.push(
        id,
        { sync: b64(encoding.toUint8Array(enc)) },
        typeof origin === "object" ? origin.key : undefined,
      );
      if (origin !== REMOTE) this.#d.publish({ node: this.#d.node, id, u: b64(update) });
      entry.dirty = true;
      if (entry.saveTimer === null) {
        entry.saveTimer = setTimeout(() => void this.#save(entry), SAVE_DELAY_MS);
        entry.saveTimer.unref();
      }
    });
    awareness.on(
      "update",
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: Origin,
      ) => {
        const changed = [...added, ...updated, ...removed];
        if (typeof origin === "object") {
          for (const [key, clients] of entry.members) {
            // A client id taken over by another connection of the same user is no longer the old one's.
            if (key !== origin.key) for (const c of [...added, ...updated]) clients.delete(c);
            else {
              for (const c of [...added, ...updated]) clients.add(c);
              for (const c of removed) clients.delete(c);
            }
          }
        }
        const update = encodeAwarenessUpdate(awareness, changed);
        this.#d.push(id, { aw: b64(update) }, typeof origin === "object" ? origin.key : undefined);
        if (origin !== REMOTE) this.#d.publish({ node: this.#d.node, id, aw: b64(update) });
      },
    );
    // Whatever other processes changed and have not saved yet.
    this.#d.publish({ node: this.#d.node, id, want: b64(Y.encodeStateVector(doc)) });
    return entry;
  }

  async #save(entry: Entry): Promise<void> {
    if (entry.saveTimer !== null) clearTimeout(entry.saveTimer);
    entry.saveTimer = null;
    if (!entry.dirty) return;
    entry.dirty = false;
    try {
      await this.#d.save(entry.id, Y.encodeStateAsUpdate(entry.doc));
    } catch (err) {
      // Kept in memory and tried again with the next change or the unload.
      entry.dirty = true;
      this.#d.log.warn({ err, id: entry.id }, "sessions: saving a document failed");
    }
  }

  async #unload(entry: Entry, shutdown = false): Promise<void> {
    if (entry.unloadTimer !== null) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
    await this.#save(entry);
    if (entry.members.size > 0 && !shutdown) return; // someone came back while it saved
    this.#entries.delete(entry.id);
    entry.awareness.destroy();
    entry.doc.destroy();
  }
}
