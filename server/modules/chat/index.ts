/**
 * chat: a room per course for its learners and moderators, with history, edits, deletes, mutes and
 * mentions (which notify, through the chat.message_posted event). Changes are announced with
 * `onChange` after they commit; the composition root pushes them on the live bus to the
 * `chat:<courseId>` WebSocket channel. See docs/chat.md.
 */
import type { ChatChange } from "../../../common/api.ts";
import { Listeners } from "../../platform/listeners.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import type { AuthClaims } from "../gateway/index.ts";
import { chatRoutes } from "./routes.ts";
import { ChatService } from "./service.ts";

export { RATE_MESSAGES, RATE_WINDOW_MS } from "./service.ts";

export type ChatListener = (courseId: string, change: ChatChange) => void;

export interface ChatClient {
  /** May these claims follow (and use) the course's room? */
  canFollow(claims: AuthClaims, courseId: string): Promise<boolean>;
  /** Called after each committed change to a room; returns the unsubscribe function. */
  onChange(listener: ChatListener): () => void;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "chat" };

export async function createChat(
  ctx: AppContext,
  deps: { catalog: CatalogClient; enrollment: EnrollmentClient },
): Promise<ModuleInstance<ChatClient>> {
  const log = ctx.log.child({ module: "chat" });
  const listeners = new Listeners<Parameters<ChatListener>>(log, "chat");
  const svc = new ChatService({
    db: ctx.db,
    ...deps,
    now: ctx.now,
    limits: ctx.limits,
    log,
    afterCommit: () => ctx.relay.wake(),
    changed: (courseId, change) => listeners.emit(courseId, change),
  });
  return {
    client: {
      canFollow: (claims, courseId) => svc.canUse(claims, courseId),
      onChange: (listener) => listeners.add(listener),
    },
    routes: (app) => chatRoutes(app, svc),
  };
}
