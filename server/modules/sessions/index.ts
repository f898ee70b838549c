/**
 * sessions: live coding sessions on an exercise. A host starts one and shares its link; those who
 * open it co-edit the exercise's files (Yjs documents, synced over the realtime hub's
 * `session:<id>` rooms and between processes over the live bus), see each other's cursors, run the
 * tests together and all see the verdict, and talk in the session's chat. The document is stored
 * and can be reopened later. See docs/sessions.md.
 */
import { randomUUID } from "node:crypto";
import { Gauge } from "prom-client";
import type { SessionPush } from "../../../common/api.ts";
import { Listeners } from "../../platform/listeners.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import type { AuthClaims } from "../gateway/index.ts";
import type { RoomHandler } from "../realtime/index.ts";
import type { Runner } from "../runner/index.ts";
import { LiveDocs, SyncMessage } from "./docs.ts";
import { sessionRoutes } from "./routes.ts";
import { SessionService } from "./service.ts";

export { MAX_DOC_CHARS } from "./docs.ts";

/** The live bus channel the processes keep their copies of a document in step on. */
const LIVE_SYNC = "session-sync";

export type SessionListener = (sessionId: string, push: SessionPush) => void;

export interface SessionsClient {
  /** May these claims follow the session's room? (Those who joined it, and moderators.) */
  canFollow(claims: AuthClaims, sessionId: string): Promise<boolean>;
  /** Called after each change everyone in a session should see; returns the unsubscribe function. */
  onChange(listener: SessionListener): () => void;
  /** What members write to `session:<id>` rooms: the document sync and cursors. */
  readonly rooms: RoomHandler;
  /** Connects the documents to the hub's rooms in this process: `push` reaches their members. */
  attachRooms(push: (sessionId: string, data: unknown, except?: number) => void): void;
  /** A session ended or reopened (heard on the live bus, from whichever process did it). */
  setEnded(sessionId: string, ended: boolean): void;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "sessions" };

export async function createSessions(
  ctx: AppContext,
  deps: { catalog: CatalogClient; enrollment: EnrollmentClient; runner: Runner },
): Promise<ModuleInstance<SessionsClient>> {
  const log = ctx.log.child({ module: "sessions" });
  const listeners = new Listeners<Parameters<SessionListener>>(log, "sessions");
  const svc = new SessionService({
    db: ctx.db,
    ...deps,
    now: ctx.now,
    limits: ctx.limits,
    log,
    afterCommit: () => ctx.relay.wake(),
    changed: (id, push) => listeners.emit(id, push),
  });
  let push: (sessionId: string, data: unknown, except?: number) => void = () => undefined;
  const docs = new LiveDocs({
    node: randomUUID(),
    log,
    load: (id) => svc.loadDoc(id),
    save: (id, update) => svc.saveDoc(id, update),
    publish: (m) => ctx.live.publish(LIVE_SYNC, m),
    push: (id, data, except) => push(id, data, except),
  });
  const off = ctx.live.subscribe(LIVE_SYNC, (m) => {
    const msg = SyncMessage.safeParse(m);
    if (msg.success) docs.remote(msg.data);
    else log.warn({ channel: LIVE_SYNC }, "live bus: dropped a malformed message");
  });
  new Gauge({
    name: "gopro_live_session_documents",
    help: "Live session documents held in memory by this process",
    registers: [ctx.metrics],
    collect() {
      this.set(docs.size);
    },
  });
  return {
    client: {
      canFollow: (claims, id) => svc.canFollow(claims, id),
      onChange: (listener) => listeners.add(listener),
      rooms: {
        message: (member, id, data, reply) => docs.message(member, id, data, reply),
        leave: (member, id) => docs.leave(member, id),
      },
      attachRooms(p) {
        push = p;
      },
      setEnded: (id, ended) => docs.setEnded(id, ended),
    },
    routes: (app) => sessionRoutes(app, svc),
    async stop() {
      off();
      await docs.close();
    },
  };
}
