/** Course chat rooms: post, page back through history, edit and delete, moderation, mentions. */
import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, lt, or } from "drizzle-orm";
import type { ChatChange, ChatHistory, ChatMessage } from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import type { Db } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import { type LimitStore, SlidingLimit } from "../../platform/sliding-limit.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import type { AuthClaims } from "../gateway/index.ts";
import { messages, mutes } from "./schema.ts";

/** Who is acting: the claims of the request. */
export type Actor = AuthClaims;

/** Instructors and administrators moderate: delete anyone's message, mute. */
const moderates = (a: Actor): boolean => a.role === "admin" || a.role === "instructor";

export interface ChatDeps {
  db: Db;
  catalog: CatalogClient;
  enrollment: EnrollmentClient;
  now: () => Date;
  /** Where posting limits count (shared by every process when split). */
  limits: LimitStore;
  log: Logger;
  /** After a commit that wrote events (mentions): the relay publishes them. */
  afterCommit: () => void;
  /** After a commit that changed a room. */
  changed: (courseId: string, change: ChatChange) => void;
}

/** Posting speed per learner: at most this many messages … */
export const RATE_MESSAGES = 5;
/** … in this many milliseconds. */
export const RATE_WINDOW_MS = 10_000;

type Row = typeof messages.$inferSelect;

function view(r: Row): ChatMessage {
  return {
    id: r.id,
    courseId: r.courseId,
    userId: r.userId,
    authorName: r.authorName,
    body: r.deletedAt === null ? r.body : "",
    mentions: r.deletedAt === null ? r.mentions : [],
    createdAt: r.createdAt.toISOString(),
    editedAt: r.editedAt?.toISOString() ?? null,
    deletedAt: r.deletedAt?.toISOString() ?? null,
  };
}

/** `<createdAt ms>.<id>`: the position of a message in its room. */
const cursorOf = (r: Row): string => `${r.createdAt.getTime()}.${r.id}`;

function parseCursor(c: string): { at: Date; id: string } {
  const m = /^(\d{1,16})\.([0-9a-f-]{36})$/.exec(c);
  if (!m?.[1] || !m[2])
    throw new AppError("validation_failed", "Invalid cursor", {
      details: [{ path: "before", message: "is not a cursor this server gave out" }],
    });
  return { at: new Date(Number(m[1])), id: m[2] };
}

export class ChatService {
  private readonly d: ChatDeps;
  /** Posts per learner. */
  private readonly limit: SlidingLimit;

  constructor(deps: ChatDeps) {
    this.d = deps;
    this.limit = new SlidingLimit({
      max: RATE_MESSAGES,
      windowMs: RATE_WINDOW_MS,
      what: "messages",
      now: () => deps.now().getTime(),
      name: "chat",
      store: deps.limits,
      log: deps.log,
    });
  }

  /** Enrolled learners and moderators may read and post. */
  async canUse(actor: Actor, courseId: string): Promise<boolean> {
    return moderates(actor) || (await this.d.enrollment.isEnrolled(actor.userId, courseId));
  }

  private async room(actor: Actor, courseIdOrSlug: string): Promise<string> {
    const course = await this.d.catalog.outline(courseIdOrSlug);
    if (!(await this.canUse(actor, course.id)))
      throw new AppError("forbidden", "Enroll in this course to use its chat");
    return course.id;
  }

  async history(
    actor: Actor,
    courseIdOrSlug: string,
    q: { before?: string; limit: number },
  ): Promise<ChatHistory> {
    const courseId = await this.room(actor, courseIdOrSlug);
    const before = q.before !== undefined ? parseCursor(q.before) : null;
    const rows = await this.d.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.courseId, courseId),
          before
            ? or(
                lt(messages.createdAt, before.at),
                and(eq(messages.createdAt, before.at), lt(messages.id, before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const oldest = page.at(-1);
    return {
      messages: page.reverse().map(view),
      nextCursor: rows.length > q.limit && oldest ? cursorOf(oldest) : null,
    };
  }

  private async mutedUntil(courseId: string, userId: string): Promise<Date | null> {
    const [m] = await this.d.db
      .select()
      .from(mutes)
      .where(and(eq(mutes.courseId, courseId), eq(mutes.userId, userId), gt(mutes.until, this.d.now())));
    return m?.until ?? null;
  }

  async post(actor: Actor, courseIdOrSlug: string, body: string, mentions: string[]): Promise<ChatMessage> {
    const courseId = await this.room(actor, courseIdOrSlug);
    const muted = await this.mutedUntil(courseId, actor.userId);
    if (muted !== null)
      throw new AppError("forbidden", `You are muted in this chat until ${muted.toISOString()}`);
    await this.limit.take(actor.userId);
    // Only other learners of the course can be mentioned (and so notified).
    const wanted = [...new Set(mentions)].filter((u) => u !== actor.userId).slice(0, 10);
    const valid: string[] = [];
    for (const u of wanted) if (await this.d.enrollment.isEnrolled(u, courseId)) valid.push(u);
    const authorName = actor.displayName;
    const row = await this.d.db.transaction(async (tx) => {
      const [r] = await tx
        .insert(messages)
        .values({
          id: randomUUID(),
          courseId,
          userId: actor.userId,
          authorName,
          body,
          mentions: valid,
          createdAt: this.d.now(),
        })
        .returning();
      if (!r) throw new Error("insert returned nothing");
      await emit(tx, {
        type: "chat.message_posted",
        actor: actor.userId,
        aggregateId: courseId,
        payload: { roomId: courseId, courseId, messageId: r.id, userId: actor.userId, mentions: valid },
      });
      return r;
    });
    this.d.afterCommit();
    const message = view(row);
    this.d.changed(courseId, { kind: "posted", message });
    return message;
  }

  private async own(actor: Actor, id: string, moderate: boolean): Promise<Row> {
    const [r] = await this.d.db.select().from(messages).where(eq(messages.id, id));
    if (!r || !(await this.canUse(actor, r.courseId))) throw new AppError("not_found", "Message not found");
    if (r.userId !== actor.userId && !(moderate && moderates(actor)))
      throw new AppError(
        "forbidden",
        moderate
          ? "Only its author or a moderator can delete a message"
          : "You can only edit your own messages",
      );
    if (r.deletedAt !== null) throw new AppError("conflict", "That message was deleted");
    return r;
  }

  async edit(actor: Actor, id: string, body: string): Promise<ChatMessage> {
    await this.own(actor, id, false);
    const [r] = await this.d.db
      .update(messages)
      .set({ body, editedAt: this.d.now() })
      .where(eq(messages.id, id))
      .returning();
    if (!r) throw new AppError("not_found", "Message not found");
    const message = view(r);
    this.d.changed(r.courseId, { kind: "edited", message });
    return message;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.own(actor, id, true);
    const row = await this.d.db.transaction(async (tx) => {
      const [r] = await tx
        .update(messages)
        .set({ body: "", mentions: [], deletedAt: this.d.now(), deletedBy: actor.userId })
        .where(eq(messages.id, id))
        .returning();
      await emit(tx, {
        type: "chat.message_deleted",
        actor: actor.userId,
        aggregateId: before.courseId,
        payload: {
          roomId: before.courseId,
          courseId: before.courseId,
          messageId: id,
          deletedBy: actor.userId,
        },
      });
      return r;
    });
    this.d.afterCommit();
    if (row) this.d.changed(row.courseId, { kind: "deleted", message: view(row) });
  }

  /** Moderators mute a learner in one course's room for `minutes` (0 lifts it). */
  async mute(actor: Actor, courseIdOrSlug: string, userId: string, minutes: number): Promise<void> {
    if (!moderates(actor)) throw new AppError("forbidden", "Only moderators can mute");
    const course = await this.d.catalog.outline(courseIdOrSlug);
    if (minutes === 0) {
      await this.d.db.delete(mutes).where(and(eq(mutes.courseId, course.id), eq(mutes.userId, userId)));
      return;
    }
    const until = new Date(this.d.now().getTime() + minutes * 60_000);
    await this.d.db
      .insert(mutes)
      .values({ courseId: course.id, userId, until, mutedBy: actor.userId })
      .onConflictDoUpdate({ target: [mutes.courseId, mutes.userId], set: { until, mutedBy: actor.userId } });
  }
}
