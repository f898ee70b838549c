/**
 * The browser's side of a live session's document: a Yjs document and awareness kept in step with
 * the server over the session's room (`session:<id>`). Frames carry y-protocols sync and awareness
 * messages in base64: `{sync}` and `{aw}`, both ways. After every (re)subscription `start()` sends
 * sync step 1 (what we have) and our awareness state; the server answers with what we lack and asks
 * for what it lacks, so edits made while the connection was down are not lost.
 */
import { fromBase64, toBase64 } from "lib0/buffer";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from "y-protocols/awareness";
import { readSyncMessage, writeSyncStep1, writeUpdate } from "y-protocols/sync";
import * as Y from "yjs";

export { fileText } from "../../../common/session-doc.ts";

/** Cursor colours: distinct hues that read on light and dark backgrounds. */
const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#dc2626", "#0891b2", "#65a30d"];

/** A member's colour, the same in every browser (from their user id). */
export function colorFor(userId: string): { color: string; light: string } {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) | 0;
  const color = COLORS[Math.abs(h) % COLORS.length] as string;
  return { color, light: `${color}33` };
}

/** What each member's awareness state holds (y-codemirror.next reads `user` and `cursor`). */
export interface MemberState {
  user?: { name?: string; color?: string; colorLight?: string; id?: string };
  /** The file their editor shows. */
  file?: string;
  cursor?: { anchor: unknown; head: unknown } | null;
}

/** Changes that came from the server (not sent back to it). */
const SERVER = Symbol("server");

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

export class SessionSync {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Whether the server has answered our step 1 since the last start(): the document is current. */
  synced = false;
  readonly #send: (data: object) => void;
  readonly #onSynced: (() => void) | undefined;
  readonly #onDoc = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER) return;
    const enc = encoding.createEncoder();
    writeUpdate(enc, update);
    this.#send({ sync: toBase64(encoding.toUint8Array(enc)) });
  };
  readonly #onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin === SERVER) return;
    const changed = [...added, ...updated, ...removed];
    this.#send({ aw: toBase64(encodeAwarenessUpdate(this.awareness, changed)) });
  };

  constructor(send: (data: object) => void, opts: { onSynced?: () => void } = {}) {
    this.#send = send;
    this.#onSynced = opts.onSynced;
    this.doc = new Y.Doc();
    this.awareness = new Awareness(this.doc);
    this.doc.on("update", this.#onDoc);
    this.awareness.on("update", this.#onAwareness);
  }

  /** The room was (re)subscribed: exchange what each side lacks. */
  start(): void {
    this.synced = false;
    const enc = encoding.createEncoder();
    writeSyncStep1(enc, this.doc);
    this.#send({ sync: toBase64(encoding.toUint8Array(enc)) });
    if (this.awareness.getLocalState() !== null)
      this.#send({ aw: toBase64(encodeAwarenessUpdate(this.awareness, [this.doc.clientID])) });
  }

  /** A frame pushed on the room; false when it was not a sync or awareness frame. */
  receive(data: unknown): boolean {
    if (!isRecord(data)) return false;
    try {
      if (typeof data.sync === "string") {
        const dec = decoding.createDecoder(fromBase64(data.sync));
        const enc = encoding.createEncoder();
        const type = readSyncMessage(dec, enc, this.doc, SERVER);
        if (encoding.length(enc) > 0) this.#send({ sync: toBase64(encoding.toUint8Array(enc)) });
        // Step 2 is the server's answer to our step 1: from here on the document is current.
        if (type === 1 && !this.synced) {
          this.synced = true;
          this.#onSynced?.();
        }
        return true;
      }
      if (typeof data.aw === "string") {
        applyAwarenessUpdate(this.awareness, fromBase64(data.aw), SERVER);
        return true;
      }
    } catch {
      // An unreadable frame changes nothing.
      return true;
    }
    return false;
  }

  /** Everyone else's awareness states (name, colour, cursor, file), by client id. */
  others(): Map<number, Record<string, unknown>> {
    const out = new Map<number, Record<string, unknown>>();
    for (const [id, state] of this.awareness.getStates())
      if (id !== this.doc.clientID && isRecord(state)) out.set(id, state);
    return out;
  }

  #destroyed = false;

  /** Leaves: our cursor disappears for the others at once. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    removeAwarenessStates(this.awareness, [this.doc.clientID], "leave");
    this.doc.off("update", this.#onDoc);
    this.awareness.off("update", this.#onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
