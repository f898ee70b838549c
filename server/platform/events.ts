/**
 * The typed event union. Every event carries id, type, version, occurredAt, actor, aggregateId and a
 * payload validated by its schema; consumers parse with `parseEvent` and get a precise type back.
 */
import { z } from "zod";

export const TOPICS = [
  "user-events",
  "course-events",
  "enrollment-events",
  "progress-events",
  "learning-events",
  "analytics-results",
  "notification-events",
  "realtime-events",
] as const;
export type Topic = (typeof TOPICS)[number];

const payloads = {
  "user.registered": z.object({ userId: z.string(), email: z.string(), displayName: z.string() }),
  "user.logged_in": z.object({ userId: z.string() }),
  "course.published": z.object({ courseId: z.string(), slug: z.string(), contentHash: z.string() }),
  "enrollment.created": z.object({ userId: z.string(), courseId: z.string() }),
  "enrollment.cancelled": z.object({ userId: z.string(), courseId: z.string() }),
  "lesson.viewed": z.object({ userId: z.string(), courseId: z.string(), lessonId: z.string() }),
  "lesson.completed": z.object({ userId: z.string(), courseId: z.string(), lessonId: z.string() }),
  "exercise.started": z.object({ userId: z.string(), courseId: z.string(), exerciseId: z.string() }),
  "hint.revealed": z.object({
    userId: z.string(),
    courseId: z.string(),
    exerciseId: z.string(),
    revealed: z.number(),
    total: z.number(),
  }),
  "exercise.attempted": z.object({
    userId: z.string(),
    courseId: z.string(),
    exerciseId: z.string(),
    attemptId: z.string(),
    status: z.string(),
    passed: z.boolean(),
    testsPassed: z.number(),
    testsTotal: z.number(),
    durationMs: z.number(),
  }),
  "exercise.passed": z.object({
    userId: z.string(),
    courseId: z.string(),
    exerciseId: z.string(),
    attemptId: z.string(),
  }),
  "course.completed": z.object({ userId: z.string(), courseId: z.string() }),
  "achievement.unlocked": z.object({ userId: z.string(), code: z.string() }),
  "streak.extended": z.object({ userId: z.string(), current: z.number(), day: z.string() }),
  /** A custom learning event sent by a client through the analytics ingest endpoint. */
  "learning.custom": z.object({
    userId: z.string(),
    courseId: z.string().nullable(),
    name: z.string(),
    props: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  "chat.message_posted": z.object({
    roomId: z.string(),
    courseId: z.string(),
    messageId: z.string(),
    userId: z.string(),
    mentions: z.array(z.string()),
  }),
  "chat.message_deleted": z.object({
    roomId: z.string(),
    courseId: z.string(),
    messageId: z.string(),
    deletedBy: z.string(),
  }),
  "live_session.started": z.object({
    sessionId: z.string(),
    exerciseId: z.string(),
    courseId: z.string(),
    hostId: z.string(),
  }),
  "live_session.joined": z.object({ sessionId: z.string(), userId: z.string() }),
  "live_session.ended": z.object({ sessionId: z.string(), endedBy: z.string(), participants: z.number() }),
  "notification.sent": z.object({
    notificationId: z.string(),
    userId: z.string(),
    kind: z.string(),
    channel: z.enum(["in_app", "email"]),
  }),
  /** One window's result (1 minute, 1 hour or 1 day); re-emitted with a higher revision when late events change it. */
  "analytics.window_updated": z.object({
    scope: z.string(),
    resolution: z.enum(["1m", "1h", "1d"]),
    windowStart: z.string(),
    revision: z.number(),
    uniqueLearners: z.number(),
    events: z.number(),
  }),
} as const;

type Payloads = typeof payloads;
export type EventType = keyof Payloads;
export const EVENT_TYPES = Object.keys(payloads) as EventType[];

/** Which topic each event type goes to. */
export const TOPIC_OF: Record<EventType, Topic> = {
  "user.registered": "user-events",
  "user.logged_in": "user-events",
  "course.published": "course-events",
  "enrollment.created": "enrollment-events",
  "enrollment.cancelled": "enrollment-events",
  "lesson.viewed": "learning-events",
  "lesson.completed": "learning-events",
  "exercise.started": "learning-events",
  "hint.revealed": "learning-events",
  "learning.custom": "learning-events",
  "exercise.attempted": "learning-events",
  "exercise.passed": "learning-events",
  "course.completed": "progress-events",
  "achievement.unlocked": "progress-events",
  "streak.extended": "progress-events",
  "chat.message_posted": "realtime-events",
  "chat.message_deleted": "realtime-events",
  "live_session.started": "realtime-events",
  "live_session.joined": "realtime-events",
  "live_session.ended": "realtime-events",
  "notification.sent": "notification-events",
  "analytics.window_updated": "analytics-results",
};

export interface EventOf<T extends EventType> {
  id: string;
  type: T;
  version: 1;
  occurredAt: string;
  /** User id that caused it, or "system". */
  actor: string;
  aggregateId: string;
  payload: z.infer<Payloads[T]>;
}
export type DomainEvent = { [T in EventType]: EventOf<T> }[EventType];

/** What a module hands to the outbox; id and version are filled in there, and the time unless given. */
export type NewEvent = {
  [T in EventType]: Omit<EventOf<T>, "id" | "occurredAt" | "version"> & { occurredAt?: string };
}[EventType];

const envelope = z.object({
  id: z.string().min(1),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.literal(1),
  occurredAt: z.string(),
  actor: z.string(),
  aggregateId: z.string(),
  payload: z.unknown(),
});

/** Validates an event from the wire (Kafka, outbox row). Throws on an unknown type or bad payload. */
export function parseEvent(raw: unknown): DomainEvent {
  const e = envelope.parse(raw);
  const payload = payloads[e.type].parse(e.payload);
  return { ...e, payload } as DomainEvent;
}

export const isEvent = <T extends EventType>(e: DomainEvent, type: T): e is EventOf<T> & DomainEvent =>
  e.type === type;
