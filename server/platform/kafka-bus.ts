/**
 * The Apache Kafka implementation of `EventBus`, for split deployments (KAFKA_BROKERS).
 *
 * - publish: one record per event on the event's topic, key = aggregate id (so one aggregate's events
 *   share a partition and keep their order), value = the event as JSON, headers with its type and id.
 *   The producer is idempotent (acks from all in-sync replicas, no duplicates from its own retries).
 * - subscribe: one consumer group per consumer name. Records of one partition are handled one after
 *   another; different partitions run side by side. A record's offset is committed only after its
 *   handler resolved, so a crash redelivers it, which `consume()` makes harmless.
 * - A failing handler is retried with exponential backoff; after the last attempt the raw record goes
 *   to the dead-letter topic `<topic>.dlt` with the error in a header, and the partition moves on. A
 *   record that is not a valid event goes there at once.
 * - A broker outage never loses anything: publish throws `BusUnavailableError` (the relay keeps the
 *   outbox row), and consumers reconnect and continue from their last committed offset.
 */
import {
  Consumer,
  findErrorBy,
  type Message,
  type MessagesStream,
  ProduceAcks,
  Producer,
} from "@platformatic/kafka";
import {
  type BatchHandler,
  BusUnavailableError,
  type EventBus,
  type EventHandler,
  type Origin,
  type Publication,
} from "./bus.ts";
import { type DomainEvent, parseEvent, type Topic } from "./events.ts";
import type { Logger } from "./logger.ts";

/** Record headers written by the bus. */
interface OutgoingRecord {
  topic: string;
  key: Bytes | undefined;
  value: Bytes | undefined;
  headers: Map<string, Bytes>;
}

export const HEADERS = {
  eventType: "gopro-event-type",
  eventId: "gopro-event-id",
  /** On dead letters: why, for which consumer group, and where the record came from. */
  dltError: "gopro-dlt-error",
  dltConsumer: "gopro-dlt-consumer",
  dltTopic: "gopro-dlt-topic",
  dltPartition: "gopro-dlt-partition",
  dltOffset: "gopro-dlt-offset",
  dltAttempts: "gopro-dlt-attempts",
} as const;

export const deadLetterTopic = (topic: string): string => `${topic}.dlt`;

export interface KafkaBusOptions {
  /** host:port of one or more brokers. */
  brokers: string[];
  logger: Logger;
  clientId?: string;
  /**
   * Prefix for topic and consumer-group names ("<namespace>.user-events"), so that several
   * deployments (or test servers) can share one cluster without reading each other's events.
   */
  namespace?: string;
  /** Handler attempts before a record is dead-lettered (default 4). */
  handlerAttempts?: number;
  /** First retry delay; doubles each attempt (default 250 ms, at most 10 s). */
  retryBaseMs?: number;
  /** Records held in memory per consumer before fetching pauses (default 256). */
  maxInFlight?: number;
  /**
   * Subscriptions wait for `start()` instead of consuming at once: a process first gets ready (imports
   * its curriculum, say) and only then applies events that may be waiting in Kafka.
   */
  deferStart?: boolean;
}

export interface KafkaBusHealth {
  kind: "kafka";
  ok: boolean;
  brokers: string[];
  error?: string;
  consumers: Array<{ consumer: string; topics: string[]; state: SubscriptionState; lastError?: string }>;
}

type SubscriptionState = "idle" | "joining" | "consuming" | "reconnecting" | "closed";
type Bytes = Buffer;
type Delivery = Message<Bytes, Bytes, Bytes, Bytes>;

/** Errors that mean "the cluster cannot be reached right now" rather than "this request is wrong". */
function isOutage(thrown: unknown): boolean {
  if (!(thrown instanceof Error)) return false;
  const err = thrown;
  return (
    findErrorBy(err, "code", "PLT_KFK_NETWORK") !== null ||
    findErrorBy(err, "code", "PLT_KFK_TIMEOUT") !== null ||
    findErrorBy(err, "canRetry", true) !== null
  );
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Rejects when `p` has not settled in `ms` (shutdown must not wait on an unreachable cluster). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class KafkaBus implements EventBus {
  readonly brokers: string[];
  private readonly log: Logger;
  private readonly clientId: string;
  private readonly prefix: string;
  private readonly producer: Producer<Bytes, Bytes, Bytes, Bytes>;
  private readonly subs = new Map<string, Subscription>();
  private closed = false;
  private started: boolean;
  readonly handlerAttempts: number;
  readonly retryBaseMs: number;
  readonly maxInFlight: number;

  constructor(opts: KafkaBusOptions) {
    if (opts.brokers.length === 0) throw new Error("KafkaBus needs at least one broker");
    this.brokers = opts.brokers;
    this.log = opts.logger;
    this.clientId = opts.clientId ?? "gopro";
    this.prefix = opts.namespace ? `${opts.namespace}.` : "";
    this.handlerAttempts = Math.max(1, opts.handlerAttempts ?? 4);
    this.retryBaseMs = opts.retryBaseMs ?? 250;
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 256);
    this.started = !opts.deferStart;
    this.producer = new Producer({
      clientId: `${this.clientId}-producer`,
      bootstrapBrokers: this.brokers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      // Finite: during an outage publish must fail (the relay retries) instead of blocking forever.
      retries: 3,
      retryDelay: 250,
      connectTimeout: 3000,
      timeout: 10_000,
      autocreateTopics: true,
    });
  }

  /** The Kafka topic that carries a GO-PRO topic. */
  topicName(topic: Topic | string): string {
    return `${this.prefix}${topic}`;
  }

  /** The consumer group of a GO-PRO consumer. */
  groupName(consumer: string): string {
    return `${this.prefix}${consumer}`;
  }

  async publish(topic: Topic, event: DomainEvent): Promise<void> {
    await this.publishMany([{ topic, event }]);
  }

  /** One produce request for the lot (the client splits it per broker); keys keep per-aggregate order. */
  async publishMany(items: readonly Publication[]): Promise<void> {
    if (this.closed) throw new Error("the Kafka bus is closed");
    await this.sendMany(
      items.map(({ topic, event }) => ({
        topic: this.topicName(topic),
        key: Buffer.from(event.aggregateId),
        value: Buffer.from(JSON.stringify(event)),
        headers: new Map([
          [HEADERS.eventType, Buffer.from(event.type)],
          [HEADERS.eventId, Buffer.from(event.id)],
        ]),
      })),
    );
  }

  /** Produces one record; an unreachable cluster becomes a `BusUnavailableError`. */
  async send(
    topic: string,
    key: Bytes | undefined,
    value: Bytes | undefined,
    headers: Map<string, Bytes>,
  ): Promise<void> {
    await this.sendMany([{ topic, key, value, headers }]);
  }

  private async sendMany(records: readonly OutgoingRecord[]): Promise<void> {
    const messages = records.map(({ topic, key, value, headers }) => {
      const encoded = new Map<Bytes, Bytes>();
      for (const [k, v] of headers) encoded.set(Buffer.from(k), v);
      return { topic, ...(key ? { key } : {}), ...(value ? { value } : {}), headers: encoded };
    });
    try {
      await this.producer.send({ messages });
    } catch (err) {
      if (isOutage(err))
        throw new BusUnavailableError(`Kafka unreachable (${this.brokers.join(",")}): ${errorText(err)}`, {
          cause: err,
        });
      throw err;
    }
  }

  /**
   * Records of one partition are handled in order. With `batch`, the records of a partition that
   * are already fetched and waiting go to it together (up to `MAX_BATCH`); a batch that fails is
   * handled again one record at a time, so each record gets its own retries and dead letter.
   */
  subscribe(consumer: string, topics: Topic[], handler: EventHandler, batch?: BatchHandler): void {
    if (this.closed) throw new Error("the Kafka bus is closed");
    if (this.subs.has(consumer))
      throw new Error(`consumer ${consumer} is already subscribed: one handler per consumer group`);
    const sub = new Subscription(this, this.log.child({ consumer }), {
      consumer,
      group: this.groupName(consumer),
      clientId: `${this.clientId}-${consumer}`,
      topics: topics.map((t) => this.topicName(t)),
      handler,
      batch,
    });
    this.subs.set(consumer, sub);
    if (this.started) sub.start();
  }

  /** Starts the subscriptions made so far (with `deferStart`); later ones start at once. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (const s of this.subs.values()) s.start();
  }

  /** Resolves once every consumer has joined its group and is fetching (tests wait on it). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.subs.values()].some((s) => s.state !== "consuming")) {
      if (Date.now() > deadline) throw new Error("Kafka consumers did not join their groups in time");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Can the cluster be reached right now, and what is each consumer doing (for /readyz). */
  async health(timeoutMs = 3000): Promise<KafkaBusHealth> {
    const consumers = [...this.subs.values()].map((s) => ({
      consumer: s.consumer,
      topics: s.topics,
      state: s.state,
      ...(s.lastError ? { lastError: s.lastError } : {}),
    }));
    try {
      await within(
        this.producer.metadata({ topics: [], forceUpdate: true, retries: 0 }),
        timeoutMs,
        "metadata",
      );
      return { kind: "kafka", ok: true, brokers: this.brokers, consumers };
    } catch (err) {
      return { kind: "kafka", ok: false, brokers: this.brokers, error: errorText(err), consumers };
    }
  }

  /** Stops the consumers (letting records in hand finish and commit), then the producer. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subs.values()].map((s) => s.close()));
    await within(this.producer.close(), 10_000, "closing the Kafka producer").catch((err: unknown) =>
      this.log.warn({ error: errorText(err) }, "closing the Kafka producer"),
    );
  }
}

interface SubscriptionSpec {
  consumer: string;
  group: string;
  clientId: string;
  topics: string[];
  handler: EventHandler;
  batch: BatchHandler | undefined;
}

/** A partition is an ordered source: `<topic>#<partition>`. */
function originOf(record: Delivery | undefined): Origin {
  return { source: record === undefined ? "unknown" : `${record.topic}#${record.partition}` };
}

function decodeRecord(record: Delivery): DomainEvent {
  return parseEvent(JSON.parse(record.value?.toString("utf8") ?? "null"));
}

function parseRecord(record: Delivery): DomainEvent | null {
  try {
    return decodeRecord(record);
  } catch {
    return null;
  }
}

/** Records of one partition handed to a batch handler at most at once. */
const MAX_BATCH = 200;

/** One partition's fetched records waiting for their turn, and the loop working through them. */
interface Lane {
  queue: Delivery[];
  running: Promise<void> | null;
}

/**
 * One consumer group member and its fetch loop. A broken stream (broker gone, rebalance error) is
 * replaced after a backoff; records not yet committed are fetched again from the last commit.
 */
class Subscription {
  readonly consumer: string;
  readonly topics: string[];
  state: SubscriptionState = "idle";
  lastError: string | undefined;
  private readonly kafka: Consumer<Bytes, Bytes, Bytes, Bytes>;
  private readonly spec: SubscriptionSpec;
  private readonly bus: KafkaBus;
  private readonly log: Logger;
  private stopping = false;
  private loop: Promise<void> | undefined;
  /** Ends the current stream session early (close, or a record that could not be finished). */
  private interrupt: ((err?: Error) => void) | undefined;
  private readonly sleepers = new Set<() => void>();

  constructor(bus: KafkaBus, log: Logger, spec: SubscriptionSpec) {
    this.bus = bus;
    this.log = log;
    this.spec = spec;
    this.consumer = spec.consumer;
    this.topics = spec.topics;
    this.kafka = new Consumer({
      clientId: spec.clientId,
      groupId: spec.group,
      bootstrapBrokers: bus.brokers,
      autocommit: false,
      sessionTimeout: 20_000,
      rebalanceTimeout: 30_000,
      heartbeatInterval: 2_000,
      retries: 3,
      retryDelay: 500,
      connectTimeout: 3000,
      maxWaitTime: 1000,
      autocreateTopics: true,
      highWaterMark: bus.maxInFlight,
    });
    // A failed background rejoin is reported here; the fetch loop notices and starts over.
    this.kafka.on("error", (err: Error) => {
      this.lastError = errorText(err);
      this.log.warn({ error: this.lastError }, "Kafka consumer error");
      this.interrupt?.(err);
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  async close(): Promise<void> {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
    this.interrupt?.();
    await this.loop;
    this.state = "closed";
    // Leaving the group lets the other members take over its partitions at once.
    await within(this.kafka.close(true), 10_000, "leaving the consumer group").catch((err: unknown) =>
      this.log.warn({ error: errorText(err) }, "closing a Kafka consumer"),
    );
  }

  private async run(): Promise<void> {
    this.state = "joining";
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.session();
        failures = 0;
      } catch (err) {
        failures++;
        this.lastError = errorText(err);
        // Expected while the cluster is down: one line, not the whole error tree, per attempt.
        this.log.warn({ error: this.lastError, failures }, "Kafka consumer stream failed; reconnecting");
      }
      if (this.stopping) break;
      this.state = "reconnecting";
      await this.sleep(Math.min(10_000, 500 * 2 ** Math.min(failures, 5)));
    }
  }

  /** Fetches until the stream ends or fails; returns after every record in hand is settled. */
  private async session(): Promise<void> {
    // Forget what earlier (failed) attempts subscribed to, so that consume() always (re)joins the
    // group: a consumer whose heartbeats stopped during an outage would otherwise fetch without
    // being a live member, and never get its offsets committed.
    this.kafka.topics.clear();
    const stream: MessagesStream<Bytes, Bytes, Bytes, Bytes> = await this.kafka.consume({
      topics: this.topics,
      mode: "committed",
      // A group with no commit yet starts at the beginning: events published before it joined count.
      fallbackMode: "earliest",
      autocommit: false,
    });
    if (this.stopping) {
      await stream.close().catch(() => {});
      return;
    }
    this.state = "consuming";
    this.lastError = undefined;
    const lanes = new Map<string, Lane>();
    let inFlight = 0;
    let broken = false;
    try {
      await new Promise<void>((resolve, reject) => {
        this.interrupt = (err) => (err ? reject(err) : resolve());
        stream.on("error", reject);
        stream.on("close", () => resolve());
        const work = async (lane: Lane): Promise<void> => {
          while (lane.queue.length > 0 && !broken && !this.stopping) {
            const records = lane.queue.splice(0, MAX_BATCH);
            try {
              // Not finished: later records of this partition must not overtake it.
              if (!(await this.processMany(records))) broken = true;
            } catch (err) {
              broken = true;
              reject(err);
            } finally {
              inFlight -= records.length;
              if (!broken && !this.stopping && stream.isPaused() && inFlight < this.bus.maxInFlight / 2)
                stream.resume();
            }
          }
          // What is left when broken or stopping is fetched again from the last commit next session.
          lane.running = null;
        };
        stream.on("data", (record: Delivery) => {
          if (broken || this.stopping) return; // fetched again from the last commit next session
          const key = `${record.topic}\u0000${record.partition}`;
          inFlight++;
          if (inFlight >= this.bus.maxInFlight) stream.pause();
          let lane = lanes.get(key);
          if (lane === undefined) {
            lane = { queue: [], running: null };
            lanes.set(key, lane);
          }
          lane.queue.push(record);
          // Started on the next tick, so the records of one fetch that arrive together go together.
          if (lane.running === null) {
            const l = lane;
            l.running = new Promise<void>((r) => setImmediate(r)).then(() => work(l));
          }
        });
      });
    } finally {
      this.interrupt = undefined;
      stream.pause();
      await Promise.allSettled([...lanes.values()].map((l) => l.running));
      await stream.close().catch(() => {});
    }
  }

  /**
   * Handles a partition's records in order and commits each one done with; false when one was
   * abandoned (the rest are then left for the next session too).
   */
  private async processMany(records: Delivery[]): Promise<boolean> {
    const batch = this.spec.batch;
    if (records.length > 1 && batch !== undefined) {
      const events: DomainEvent[] = [];
      for (const record of records) {
        const event = parseRecord(record);
        if (event === null) break; // the one-at-a-time path dead-letters it
        events.push(event);
      }
      if (events.length === records.length) {
        try {
          await batch(events, originOf(records[0]));
          for (const record of records) this.commit(record);
          return true;
        } catch (err) {
          this.log.debug(
            { err, records: records.length },
            "batch failed; handling its records one at a time",
          );
          // The batch was every record's first attempt.
          return this.processEach(records, 2);
        }
      }
    }
    return this.processEach(records, 1);
  }

  private async processEach(records: Delivery[], firstAttempt: number): Promise<boolean> {
    for (const record of records) {
      if (!(await this.process(record, firstAttempt))) return false;
      this.commit(record);
    }
    return true;
  }

  /**
   * Handles one record; true when it is done with (handled or dead-lettered), false when abandoned.
   * `firstAttempt` 2: its batch already failed once, which counts toward `handlerAttempts`.
   */
  private async process(record: Delivery, firstAttempt = 1): Promise<boolean> {
    let event: DomainEvent;
    try {
      event = decodeRecord(record);
    } catch (err) {
      await this.deadLetter(record, err, 0);
      return true;
    }
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        await this.spec.handler(event, originOf(record));
        return true;
      } catch (err) {
        if (attempt >= this.bus.handlerAttempts) {
          await this.deadLetter(record, err, attempt);
          return true;
        }
        this.log.warn(
          { err, eventId: event.id, type: event.type, attempt },
          "event handler failed; retrying",
        );
        const delay = Math.min(10_000, this.bus.retryBaseMs * 2 ** (attempt - 1));
        if (!(await this.sleep(delay))) return false;
      }
    }
  }

  private async deadLetter(record: Delivery, err: unknown, attempts: number): Promise<void> {
    this.log.error(
      { err, topic: record.topic, partition: record.partition, offset: String(record.offset), attempts },
      "record moved to the dead-letter topic",
    );
    const headers = new Map<string, Bytes>();
    for (const [k, v] of record.headerEntries) headers.set(k.toString("utf8"), v);
    headers.set(HEADERS.dltError, Buffer.from(errorText(err).slice(0, 4000)));
    headers.set(HEADERS.dltConsumer, Buffer.from(this.consumer));
    headers.set(HEADERS.dltTopic, Buffer.from(record.topic));
    headers.set(HEADERS.dltPartition, Buffer.from(String(record.partition)));
    headers.set(HEADERS.dltOffset, Buffer.from(String(record.offset)));
    headers.set(HEADERS.dltAttempts, Buffer.from(String(attempts)));
    await this.bus.send(
      deadLetterTopic(record.topic),
      record.key ?? undefined,
      record.value ?? undefined,
      headers,
    );
  }

  /**
   * Marks the record done. Not awaited: the client merges commits per partition (the highest offset
   * wins) and flushes them in the background and on close; a commit that never lands only means the
   * record comes again later, which the consumer's processed_events row makes a no-op.
   */
  private commit(record: Delivery): void {
    const pending = record.commit();
    pending?.catch((err: unknown) =>
      this.log.debug(
        { error: errorText(err), topic: record.topic, partition: record.partition },
        "offset commit failed",
      ),
    );
  }

  /** Waits, unless the subscription is closing; true when the full delay passed. */
  private sleep(ms: number): Promise<boolean> {
    if (this.stopping) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(true);
      }, ms);
      this.sleepers.add(wake);
    });
  }
}
