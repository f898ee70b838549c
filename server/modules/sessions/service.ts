/**
 * Live coding sessions: start one on an exercise, join by its link, run the tests together, talk,
 * end and reopen. The shared document itself is kept by LiveDocs (docs.ts); this stores it.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, or } from "drizzle-orm";
import * as Y from "yjs";
import type {
  SessionDetail,
  SessionList,
  SessionMessage,
  SessionPush,
  SessionRun,
  SessionSummary,
  SessionUser,
} from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import type { Db } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import { type LimitStore, SlidingLimit } from "../../platform/sliding-limit.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import type { AuthClaims } from "../gateway/index.ts";
import { learnerVerdict, type Runner } from "../runner/index.ts";
import { initialDoc, MAX_DOC_CHARS } from "./docs.ts";
import { messages, participants, sessions } from "./schema.ts";

export interface SessionDeps {
  db: Db;
  catalog: CatalogClient;
  enrollment: EnrollmentClient;
  runner: Runner;
  now: () => Date;
  /** Where session chat limits count (shared by every process when split). */
  limits: LimitStore;
  log: Logger;
  /** After a commit that wrote events: the relay publishes them. */
  afterCommit: () => void;
  /** After a change everyone in the session should see. */
  changed: (sessionId: string, push: SessionPush) => void;
}

/** Messages per learner in a session's chat … */
export const RATE_MESSAGES = 5;
/** … in this many milliseconds. */
export const RATE_WINDOW_MS = 10_000;
/** Messages a joining member gets with the session. */
const HISTORY = 100;

const moderates = (a: AuthClaims): boolean => a.role === "admin" || a.role === "instructor";
const userOf = (a: AuthClaims): SessionUser => ({ userId: a.userId, displayName: a.displayName });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Row = typeof sessions.$inferSelect;

export class SessionService {
  private readonly d: SessionDeps;
  private readonly limit: SlidingLimit;

  constructor(deps: SessionDeps) {
    this.d = deps;
    this.limit = new SlidingLimit({
      max: RATE_MESSAGES,
      windowMs: RATE_WINDOW_MS,
      what: "messages",
      now: () => deps.now().getTime(),
      name: "session-chat",
      store: deps.limits,
      log: deps.log,
    });
  }

  /** An exercise's title and file names (the catalog caches them, and forgets them on an import). */
  private async exercise(id: string): Promise<{ title: string; files: string[] }> {
    try {
      const [item, runnable] = await Promise.all([this.d.catalog.item(id), this.d.catalog.runnable(id)]);
      return { title: item.title, files: Object.keys(runnable.starter) };
    } catch (err) {
      // A curriculum update removed it: the session (and its code) is still listed and readable.
      if (!(err instanceof AppError) || err.code !== "not_found") throw err;
      return { title: "An exercise no longer in the catalog", files: [] };
    }
  }

  private async row(id: string): Promise<Row> {
    if (!UUID.test(id)) throw new AppError("not_found", "Session not found");
    const [r] = await this.d.db.select().from(sessions).where(eq(sessions.id, id));
    if (!r) throw new AppError("not_found", "Session not found");
    return r;
  }

  private async isParticipant(sessionId: string, userId: string): Promise<boolean> {
    const [p] = await this.d.db
      .select({ userId: participants.userId })
      .from(participants)
      .where(and(eq(participants.sessionId, sessionId), eq(participants.userId, userId)));
    return p !== undefined;
  }

  /** Members (those who opened the link) and moderators may follow a session's room. */
  async canFollow(actor: AuthClaims, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    if (moderates(actor))
      return (
        (await this.d.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id))).length > 0
      );
    return this.isParticipant(id, actor.userId);
  }

  private async member(actor: AuthClaims, id: string): Promise<Row> {
    const r = await this.row(id);
    if (!moderates(actor) && !(await this.isParticipant(id, actor.userId)))
      throw new AppError("forbidden", "Open the session's link to join it first");
    return r;
  }

  private async summary(r: Row): Promise<SessionSummary> {
    const ex = await this.exercise(r.exerciseId);
    return {
      id: r.id,
      exerciseId: r.exerciseId,
      exerciseTitle: ex.title,
      courseId: r.courseId,
      host: { userId: r.hostId, displayName: r.hostName },
      createdAt: r.createdAt.toISOString(),
      endedAt: r.endedAt?.toISOString() ?? null,
    };
  }

  private async detail(r: Row): Promise<SessionDetail> {
    const [people, recent] = await Promise.all([
      this.d.db
        .select()
        .from(participants)
        .where(eq(participants.sessionId, r.id))
        .orderBy(participants.joinedAt),
      this.d.db
        .select()
        .from(messages)
        .where(eq(messages.sessionId, r.id))
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(HISTORY),
    ]);
    return {
      ...(await this.summary(r)),
      files: (await this.exercise(r.exerciseId)).files,
      participants: people.map((p) => ({
        userId: p.userId,
        displayName: p.displayName,
        joinedAt: p.joinedAt.toISOString(),
      })),
      lastRun: r.lastRun ?? null,
      messages: recent.reverse().map(messageView),
    };
  }

  /** Starts a session on an exercise of a course the host is enrolled in (or moderates). */
  async create(
    actor: AuthClaims,
    exerciseId: string,
    files?: Record<string, string>,
  ): Promise<SessionDetail> {
    const ex = await this.d.catalog.runnable(exerciseId);
    if (!moderates(actor) && !(await this.d.enrollment.isEnrolled(actor.userId, ex.courseId)))
      throw new AppError("forbidden", "Enroll in this course to start a live session on its exercises");
    const content = checkFiles(files ?? {}, ex.starter);
    const id = randomUUID();
    const now = this.d.now();
    await this.d.db.transaction(async (tx) => {
      await tx.insert(sessions).values({
        id,
        exerciseId,
        courseId: ex.courseId,
        hostId: actor.userId,
        hostName: actor.displayName,
        createdAt: now,
        doc: initialDoc(content),
        docUpdatedAt: now,
      });
      await tx
        .insert(participants)
        .values({ sessionId: id, userId: actor.userId, displayName: actor.displayName, joinedAt: now });
      await emit(tx, {
        type: "live_session.started",
        actor: actor.userId,
        aggregateId: id,
        payload: { sessionId: id, exerciseId, courseId: ex.courseId, hostId: actor.userId },
      });
    });
    this.d.afterCommit();
    return this.detail(await this.row(id));
  }

  /** Opening the link joins: any signed-in user who has it (the id is not guessable). */
  async join(actor: AuthClaims, id: string): Promise<SessionDetail> {
    const r = await this.row(id);
    const joinedAt = this.d.now();
    const first = await this.d.db.transaction(async (tx) => {
      const added = await tx
        .insert(participants)
        .values({ sessionId: id, userId: actor.userId, displayName: actor.displayName, joinedAt })
        .onConflictDoNothing()
        .returning({ userId: participants.userId });
      if (added.length === 0) return false;
      await emit(tx, {
        type: "live_session.joined",
        actor: actor.userId,
        aggregateId: id,
        payload: { sessionId: id, userId: actor.userId },
      });
      return true;
    });
    if (first) {
      this.d.afterCommit();
      this.d.changed(id, { kind: "joined", user: userOf(actor) });
    }
    return this.detail(r);
  }

  /** Sessions the user hosts or has joined, newest first. */
  async list(actor: AuthClaims): Promise<SessionList> {
    const mine = this.d.db
      .select({ id: participants.sessionId })
      .from(participants)
      .where(eq(participants.userId, actor.userId));
    const rows = await this.d.db
      .select()
      .from(sessions)
      .where(or(eq(sessions.hostId, actor.userId), inArray(sessions.id, mine)))
      .orderBy(desc(sessions.createdAt))
      .limit(50);
    return { sessions: await Promise.all(rows.map((r) => this.summary(r))) };
  }

  /** Runs the tests on `files` (the shared document as the member sees it); everyone sees the verdict. */
  async run(actor: AuthClaims, id: string, files: Record<string, string>): Promise<SessionRun> {
    const r = await this.member(actor, id);
    if (r.endedAt !== null) throw new AppError("conflict", "The session has ended; the host can reopen it");
    const ex = await this.d.catalog.runnable(r.exerciseId);
    const clean = checkFiles(files, ex.starter);
    const by = userOf(actor);
    this.d.changed(id, { kind: "running", by });
    let v: Awaited<ReturnType<Runner["run"]>>;
    try {
      v = await this.d.runner.run({
        ownerKey: actor.userId,
        exerciseVersion: ex.version,
        files: clean,
        testFiles: ex.tests,
        limits: ex.limits,
        languageVersion: ex.goVersion,
      });
    } catch (err) {
      this.d.changed(id, {
        kind: "run_failed",
        by,
        message: err instanceof AppError ? err.message : "The run failed",
      });
      throw err;
    }
    const run: SessionRun = {
      id: randomUUID(),
      by,
      at: this.d.now().toISOString(),
      verdict: learnerVerdict(v),
    };
    await this.d.db.update(sessions).set({ lastRun: run }).where(eq(sessions.id, id));
    this.d.changed(id, { kind: "run", run });
    return run;
  }

  async post(actor: AuthClaims, id: string, body: string): Promise<SessionMessage> {
    await this.member(actor, id);
    await this.limit.take(actor.userId);
    const row = {
      id: randomUUID(),
      sessionId: id,
      userId: actor.userId,
      authorName: actor.displayName,
      body: body.trim().toWellFormed(),
      createdAt: this.d.now(),
    };
    await this.d.db.insert(messages).values(row);
    const message = messageView(row);
    this.d.changed(id, { kind: "message", message });
    return message;
  }

  /** The host (or a moderator) ends the session: the document turns read-only, nothing is lost. */
  async end(actor: AuthClaims, id: string): Promise<SessionDetail> {
    const r = await this.row(id);
    if (r.hostId !== actor.userId && !moderates(actor))
      throw new AppError("forbidden", "Only the host can end the session");
    if (r.endedAt !== null) return this.detail(r);
    const endedAt = this.d.now();
    await this.d.db.transaction(async (tx) => {
      await tx.update(sessions).set({ endedAt }).where(eq(sessions.id, id));
      const people = await tx
        .select({ userId: participants.userId })
        .from(participants)
        .where(eq(participants.sessionId, id));
      await emit(tx, {
        type: "live_session.ended",
        actor: actor.userId,
        aggregateId: id,
        payload: { sessionId: id, endedBy: actor.userId, participants: people.length },
      });
    });
    this.d.afterCommit();
    this.d.changed(id, { kind: "ended", endedAt: endedAt.toISOString(), by: userOf(actor) });
    return this.detail(await this.row(id));
  }

  async reopen(actor: AuthClaims, id: string): Promise<SessionDetail> {
    const r = await this.row(id);
    if (r.hostId !== actor.userId && !moderates(actor))
      throw new AppError("forbidden", "Only the host can reopen the session");
    if (r.endedAt === null) return this.detail(r);
    await this.d.db.update(sessions).set({ endedAt: null }).where(eq(sessions.id, id));
    this.d.changed(id, { kind: "reopened", by: userOf(actor) });
    return this.detail(await this.row(id));
  }

  // ---------- the stored document (for LiveDocs) ----------

  async loadDoc(id: string): Promise<{ doc: Uint8Array; ended: boolean } | null> {
    if (!UUID.test(id)) return null;
    const [r] = await this.d.db
      .select({ doc: sessions.doc, endedAt: sessions.endedAt })
      .from(sessions)
      .where(eq(sessions.id, id));
    return r ? { doc: r.doc, ended: r.endedAt !== null } : null;
  }

  /** Merges `update` into the stored document (several processes may save the same session). */
  async saveDoc(id: string, update: Uint8Array): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      const [r] = await tx
        .select({ doc: sessions.doc })
        .from(sessions)
        .where(eq(sessions.id, id))
        .for("update");
      if (!r) return;
      await tx
        .update(sessions)
        .set({ doc: Y.mergeUpdates([r.doc, update]), docUpdatedAt: this.d.now() })
        .where(eq(sessions.id, id));
    });
  }
}

function messageView(r: typeof messages.$inferSelect): SessionMessage {
  return {
    id: r.id,
    sessionId: r.sessionId,
    userId: r.userId,
    authorName: r.authorName,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Only the exercise's own files, within the document's size; the starter fills in the rest. */
function checkFiles(files: Record<string, string>, starter: Record<string, string>): Record<string, string> {
  const issues: Array<{ path: string; message: string }> = [];
  for (const [name, content] of Object.entries(files)) {
    if (!Object.hasOwn(starter, name))
      issues.push({
        path: `files.${name}`,
        message: `unknown file; this exercise has ${Object.keys(starter).join(", ")}`,
      });
    else if (content.includes("\u0000"))
      issues.push({ path: `files.${name}`, message: "contains a NUL character" });
  }
  const out = { ...starter, ...files };
  const total = Object.values(out).reduce((n, c) => n + c.length, 0);
  if (total > MAX_DOC_CHARS)
    throw new AppError("payload_too_large", `A session's files hold at most ${MAX_DOC_CHARS} characters`);
  if (issues.length > 0)
    throw new AppError("validation_failed", `Invalid files: ${issues[0]?.path} ${issues[0]?.message}`, {
      details: issues,
    });
  for (const k of Object.keys(out)) out[k] = (out[k] ?? "").toWellFormed();
  return out;
}
