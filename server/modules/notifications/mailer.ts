/**
 * Delivery of outgoing mail over SMTP. Messages wait in `notifications.mail` as `pending`; the sender
 * claims one at a time (FOR UPDATE SKIP LOCKED, so replicas never send the same message at once), sends
 * it, and records the outcome. A failed attempt is retried with exponential backoff; only a permanent
 * rejection or running out of attempts marks a message `failed`, and an administrator can queue it
 * again. An SMTP outage therefore delays mail but loses none.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Db } from "../../platform/db.ts";
import type { Logger } from "../../platform/logger.ts";
import { WakeableLoop } from "../../platform/loop.ts";
import { mail } from "./schema.ts";

export interface OutgoingMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the sender needs from a mail transport (nodemailer's SMTP transport, or a fake in tests). */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** An SMTP transport from a URL such as smtp://user:pass@host:587 or smtps://user:pass@host:465. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(m) {
      await transporter.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        // A stable id lets a receiving server drop a duplicate if we crash between sending and recording it.
        messageId: `<${m.id}@gopro.invalid>`,
      });
    },
    close: () => transporter.close(),
  };
}

/** Attempts before a message is marked failed (about a day with the delay capped at an hour). */
export const MAX_ATTEMPTS = 30;
/** Longest wait between two attempts. */
export const MAX_DELAY_MS = 3_600_000;
/** How long a claimed message is reserved for the process sending it (then another may try). */
const LEASE = "10 minutes";

/** Wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base … capped. */
export const retryDelayMs = (attempts: number, baseMs: number): number =>
  Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));

/**
 * Whether retrying cannot help: the server refused this message or recipient for good (5xx). 503 is a
 * session-state complaint and authentication failures are a configuration problem an operator fixes,
 * so both are retried.
 */
export function isPermanentFailure(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown };
  const code = typeof e.responseCode === "number" ? e.responseCode : 0;
  if (e.code === "EAUTH" || e.code === "ENOAUTH") return false;
  return code >= 500 && code < 600 && code !== 503;
}

export interface SenderOptions {
  db: Db;
  transport: MailTransport;
  from: string;
  log: Logger;
  /** First retry delay; doubles with every failed attempt up to an hour. */
  retryBaseMs: number;
  /** Longest sleep between two looks at the table (mail written by other processes). */
  pollMs?: number;
}

export class MailSender {
  private readonly o: SenderOptions;
  private readonly loop: WakeableLoop;

  constructor(o: SenderOptions) {
    this.o = o;
    const poll = o.pollMs ?? 30_000;
    this.loop = new WakeableLoop(async () => {
      try {
        while (!this.loop.stopped && (await this.sendOne())) {}
        return await this.untilNextDue();
      } catch (err) {
        this.log().error({ err }, "mail sender pass failed");
        return poll;
      }
    }, poll);
  }

  start(): void {
    this.loop.start();
  }

  /** Ask for a pass soon: called after a transaction that queued mail commits. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.o.transport.close();
  }

  /** Milliseconds until the earliest pending message is due, capped by the poll interval. */
  private async untilNextDue(): Promise<number> {
    const poll = this.o.pollMs ?? 30_000;
    const rows = await this.o.db
      .select({
        ms: sql<number | null>`(extract(epoch from (min(${mail.nextAttemptAt}) - now())) * 1000)::float8`,
      })
      .from(mail)
      .where(eq(mail.status, "pending"));
    const ms = rows[0]?.ms;
    if (ms === null || ms === undefined) return poll;
    return Math.max(0, Math.min(poll, Math.ceil(Number(ms))));
  }

  /** Claims one due message and tries to deliver it; false when nothing is due. */
  async sendOne(): Promise<boolean> {
    const { db } = this.o;
    const due = db
      .select({ id: mail.id })
      .from(mail)
      .where(and(eq(mail.status, "pending"), lte(mail.nextAttemptAt, sql`now()`)))
      .orderBy(asc(mail.seq))
      .limit(1)
      .for("update", { skipLocked: true });
    const [row] = await db
      .update(mail)
      .set({ nextAttemptAt: sql`now() + ${LEASE}::interval` })
      .where(and(inArray(mail.id, due), eq(mail.status, "pending")))
      .returning();
    if (!row) return false;
    const attempts = row.attempts + 1;
    try {
      await this.o.transport.send({
        id: row.id,
        from: this.o.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
      });
      await db
        .update(mail)
        .set({ status: "sent", attempts, error: null, sentAt: sql`now()` })
        .where(eq(mail.id, row.id));
    } catch (err) {
      const message = errorText(err);
      const giveUp = isPermanentFailure(err) || attempts >= MAX_ATTEMPTS;
      const delay = retryDelayMs(attempts, this.o.retryBaseMs);
      this.log().warn(
        { mailId: row.id, attempts, error: message, retryInMs: giveUp ? null : delay },
        giveUp ? "mail delivery failed for good" : "mail delivery failed; will retry",
      );
      await db
        .update(mail)
        .set({
          status: giveUp ? "failed" : "pending",
          attempts,
          error: message,
          nextAttemptAt: sql`now() + ${`${delay} milliseconds`}::interval`,
        })
        .where(eq(mail.id, row.id));
    }
    return true;
  }

  private log(): Logger {
    return this.o.log;
  }
}

/** A short error text for the mailbox: the SMTP reply when there is one, never the connection URL. */
export function errorText(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [
    typeof e.code === "string" ? e.code : null,
    typeof e.response === "string" ? e.response : typeof e.message === "string" ? e.message : String(err),
  ].filter((p): p is string => p !== null);
  return parts.join(": ").slice(0, 500);
}
