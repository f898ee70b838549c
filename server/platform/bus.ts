/**
 * The event backbone. Modules write events into the outbox inside their own transaction; the relay
 * publishes committed rows to the bus; consumers apply each event at most once by recording
 * (consumer, event id) in the same transaction as their effect. The in-process bus is the embedded
 * default; a Kafka implementation of `EventBus` slots in for split deployments.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "./db.ts";
import { type DomainEvent, type NewEvent, parseEvent, TOPIC_OF, type Topic } from "./events.ts";
import type { Logger } from "./logger.ts";
import { WakeableLoop } from "./loop.ts";
import { deadLetters, outbox, processedEvents } from "./schema.ts";

/**
 * Where a delivery comes from: events of one source arrive in their order (one Kafka partition,
 * `<topic>#<partition>`; or the outbox through the in-process bus). Stream processing keeps
 * progress per source (analytics keeps a watermark per source).
 */
export interface Origin {
  source: string;
}
/** The in-process bus delivers the outbox's rows in order: one source. */
export const OUTBOX_ORIGIN: Readonly<Origin> = Object.freeze({ source: "outbox" });

export type EventHandler = (event: DomainEvent, origin: Origin) => Promise<void>;
/** Several events of one source, in publish order; all of them or a failure. */
export type BatchHandler = (events: DomainEvent[], origin: Origin) => Promise<void>;

export interface Publication {
  topic: Topic;
  event: DomainEvent;
}

/** Transport between the relay and consumers. */
export interface EventBus {
  publish(topic: Topic, event: DomainEvent): Promise<void>;
  /**
   * Publishes several events in order, as one unit of work where the transport allows it. On a
   * failure any of them may have been delivered: the relay then retries them one at a time.
   */
  publishMany?(items: readonly Publication[]): Promise<void>;
  /** `batch`, when given, may receive several events at once instead of `handler` one by one. */
  subscribe(consumer: string, topics: Topic[], handler: EventHandler, batch?: BatchHandler): void;
  close(): Promise<void>;
}

/** What the outbox row's `last_error` shows of a failed delivery. */
function firstMessage(errors: readonly unknown[]): string {
  const e = errors[0];
  return e instanceof Error ? e.message : String(e);
}

interface Subscriber {
  consumer: string;
  topics: Set<Topic>;
  handler: EventHandler;
  batch: BatchHandler | undefined;
}

/** Delivers to every subscriber in the same process; a failing subscriber fails the publish (retried). */
export class InProcessBus implements EventBus {
  private readonly subs: Subscriber[] = [];

  /** Each subscriber gets its share of the batch in order: at once when it takes batches. */
  async publishMany(items: readonly Publication[]): Promise<void> {
    const errors: unknown[] = [];
    for (const s of this.subs) {
      const mine = items.filter((i) => s.topics.has(i.topic)).map((i) => i.event);
      if (mine.length === 0) continue;
      try {
        if (s.batch !== undefined && mine.length > 1) await s.batch(mine, OUTBOX_ORIGIN);
        else for (const e of mine) await s.handler(e, OUTBOX_ORIGIN);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0)
      throw new AggregateError(
        errors,
        `${errors.length} consumer(s) failed on a batch of ${items.length}: ${firstMessage(errors)}`,
      );
  }

  async publish(topic: Topic, event: DomainEvent): Promise<void> {
    const errors: unknown[] = [];
    for (const s of this.subs) {
      if (!s.topics.has(topic)) continue;
      try {
        await s.handler(event, OUTBOX_ORIGIN);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0)
      throw new AggregateError(
        errors,
        `${errors.length} consumer(s) failed on ${event.type}: ${firstMessage(errors)}`,
      );
  }

  subscribe(consumer: string, topics: Topic[], handler: EventHandler, batch?: BatchHandler): void {
    this.subs.push({ consumer, topics: new Set(topics), handler, batch });
  }

  async close(): Promise<void> {}
}

/**
 * Writes events into the outbox; call with the transaction that makes the change they describe.
 * `occurredAt` defaults to now; a caller relaying something that happened earlier (a client's
 * analytics event) passes the time it happened.
 */
export async function emit(tx: Executor, ...events: NewEvent[]): Promise<DomainEvent[]> {
  const full = events.map(
    (e) =>
      ({
        ...e,
        id: randomUUID(),
        version: 1,
        occurredAt: e.occurredAt ?? new Date().toISOString(),
      }) as DomainEvent,
  );
  if (full.length === 0) return full;
  await tx
    .insert(outbox)
    .values(
      full.map((e) => ({ id: e.id, topic: TOPIC_OF[e.type], key: e.aggregateId, type: e.type, event: e })),
    );
  return full;
}

export interface ConsumerHandler<L> {
  /**
   * Reads what `apply` needs from other modules, before the transaction opens. The embedded database is
   * one connection: a query made outside the transaction while it is open would wait for it forever.
   */
  load?: (event: DomainEvent) => Promise<L>;
  apply: (event: DomainEvent, tx: Tx, loaded: L | undefined, origin: Origin) => Promise<void>;
  /**
   * Applies the new events of a delivered batch at once, in order, in one transaction (default:
   * `apply` for each). For consumers whose effect folds many events into a few rows.
   */
  applyMany?: (events: DomainEvent[], tx: Tx, loaded: Array<L | undefined>, origin: Origin) => Promise<void>;
  /**
   * Called with the events that took effect, once their transaction has committed (never for a
   * rolled-back one, nor for repeats): the place to tell listeners about the change.
   */
  afterCommit?: (events: DomainEvent[]) => void;
}

/**
 * Registers an idempotent consumer: `apply` runs inside a transaction that also records the event id,
 * so a redelivered event is skipped and a failed one leaves no trace. A batch from the bus is one
 * transaction: its events are all applied or, on a failure, none (the relay then redelivers them
 * one at a time, so one poison event cannot hold back the others).
 */
export function consume<L = undefined>(
  bus: EventBus,
  db: Db,
  consumer: string,
  topics: Topic[],
  handler: ConsumerHandler<L> | ((event: DomainEvent, tx: Tx) => Promise<void>),
): void {
  const h: ConsumerHandler<L> =
    typeof handler === "function" ? { apply: (e, tx) => handler(e, tx) } : handler;
  const one: EventHandler = async (event, origin) => {
    const loaded = h.load ? await h.load(event) : undefined;
    const applied = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(processedEvents)
        .values({ consumer, eventId: event.id })
        .onConflictDoNothing()
        .returning({ id: processedEvents.eventId });
      if (inserted.length === 0) return false;
      await h.apply(event, tx, loaded, origin);
      return true;
    });
    if (applied) h.afterCommit?.([event]);
  };
  const many: BatchHandler = async (events, origin) => {
    const loaded: Array<L | undefined> = [];
    for (const e of events) loaded.push(h.load ? await h.load(e) : undefined);
    const ids = [...new Set(events.map((e) => e.id))];
    const applied = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(processedEvents)
        .values(ids.map((eventId) => ({ consumer, eventId })))
        .onConflictDoNothing()
        .returning({ id: processedEvents.eventId });
      // New ids only, each once, in delivery order.
      const fresh = new Set(inserted.map((r) => r.id));
      const todo: DomainEvent[] = [];
      const todoLoaded: Array<L | undefined> = [];
      events.forEach((e, i) => {
        if (!fresh.delete(e.id)) return;
        todo.push(e);
        todoLoaded.push(loaded[i]);
      });
      if (todo.length === 0) return todo;
      if (h.applyMany) await h.applyMany(todo, tx, todoLoaded, origin);
      else for (const [i, e] of todo.entries()) await h.apply(e, tx, todoLoaded[i], origin);
      return todo;
    });
    if (applied.length > 0) h.afterCommit?.(applied);
  };
  bus.subscribe(consumer, topics, one, many);
}

const MAX_ATTEMPTS = 8;
/** Outbox rows read (and, when the bus takes batches, delivered) per relay pass. */
const RELAY_BATCH = 200;

/**
 * Thrown by a bus whose transport cannot be reached (the Kafka cluster is down). The relay keeps the
 * row and retries without counting it toward dead-lettering: an outage must never lose an event.
 */
export class BusUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BusUnavailableError";
  }
}

/** Publishes committed outbox rows in order; retries with backoff, then parks the row as a dead letter. */
export class OutboxRelay {
  private readonly db: Db;
  private readonly bus: EventBus;
  private readonly log: Logger;
  private readonly loop: WakeableLoop;

  constructor(db: Db, bus: EventBus, log: Logger, pollMs = 1000) {
    this.db = db;
    this.bus = bus;
    this.log = log;
    this.loop = new WakeableLoop(
      async () => {
        try {
          while (!this.loop.stopped && (await this.pass()) > 0) {}
        } catch (err) {
          this.log.error({ err }, "outbox relay pass failed");
        }
        return undefined;
      },
      pollMs,
      { wakeBeforeStart: true },
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Ask for a pass soon: called after a transaction that emitted events commits. */
  wake(): void {
    this.loop.wake();
  }

  /** Runs until the outbox has nothing ready (tests and shutdown use it). */
  async drain(): Promise<void> {
    await this.loop.idle();
    while ((await this.pass()) > 0) {}
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Unpublished rows right now (for /readyz and metrics). */
  async backlog(): Promise<number> {
    const rows = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(isNull(outbox.publishedAt));
    return rows[0]?.n ?? 0;
  }

  /**
   * One pass: returns how many rows were published. The ready rows go to the bus as one batch when
   * it takes batches (one statement marks them all); if that fails they go again one at a time,
   * so each row gets its own retries and, at the end, its own dead letter.
   */
  private async pass(): Promise<number> {
    const rows = await this.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), lte(outbox.nextAttemptAt, sql`now()`)))
      .orderBy(asc(outbox.seq))
      .limit(RELAY_BATCH);
    if (rows.length > 1 && this.bus.publishMany !== undefined && !this.loop.stopped) {
      const items: Publication[] = [];
      for (const row of rows) {
        try {
          items.push({ topic: row.topic as Topic, event: parseEvent(row.event) });
        } catch {
          break; // the one-at-a-time path parks it
        }
      }
      if (items.length === rows.length) {
        try {
          await this.bus.publishMany(items);
          await this.db
            .update(outbox)
            .set({ publishedAt: sql`now()`, lastError: null })
            .where(
              inArray(
                outbox.seq,
                rows.map((r) => r.seq),
              ),
            );
          return rows.length;
        } catch (err) {
          // An outage is recorded (and backed off) by the first row's retry below.
          if (!(err instanceof BusUnavailableError))
            this.log.debug({ err, rows: rows.length }, "batch delivery failed; delivering one at a time");
        }
      }
    }
    return this.passOneByOne(rows);
  }

  private async passOneByOne(rows: Array<typeof outbox.$inferSelect>): Promise<number> {
    let published = 0;
    for (const row of rows) {
      if (this.loop.stopped) break;
      let event: DomainEvent;
      try {
        event = parseEvent(row.event);
      } catch (err) {
        await this.park(row.seq, row.id, row.event, err);
        continue;
      }
      try {
        await this.bus.publish(row.topic as Topic, event);
        await this.db
          .update(outbox)
          .set({ publishedAt: sql`now()`, lastError: null })
          .where(eq(outbox.seq, row.seq));
        published++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const outage = err instanceof BusUnavailableError;
        if (attempts >= MAX_ATTEMPTS && !outage) {
          await this.park(row.seq, row.id, row.event, err);
          continue;
        }
        // During an outage retry often enough to catch the bus coming back soon after it does.
        const backoffMs = Math.min(outage ? 5_000 : 60_000, 250 * 2 ** Math.min(attempts, 10));
        this.log.warn(
          { ...(outage ? { error: String(err) } : { err }), eventId: row.id, type: row.type, attempts },
          "event delivery failed; will retry",
        );
        await this.db
          .update(outbox)
          .set({
            attempts,
            lastError: String(err),
            nextAttemptAt: sql`now() + ${`${backoffMs} milliseconds`}::interval`,
          })
          .where(eq(outbox.seq, row.seq));
        // Later events for the same aggregate must not overtake this one.
        break;
      }
    }
    return published;
  }

  private async park(seq: number, eventId: string, event: unknown, err: unknown): Promise<void> {
    this.log.error({ err, eventId }, "event moved to dead letters");
    await this.db.transaction(async (tx) => {
      await tx
        .insert(deadLetters)
        .values({ eventId, consumer: "relay", event: event ?? {}, error: String(err) });
      await tx
        .update(outbox)
        .set({ publishedAt: sql`now()`, lastError: String(err) })
        .where(eq(outbox.seq, seq));
    });
  }
}
