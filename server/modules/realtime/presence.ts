/**
 * Who is online in a course, and on which of its lessons or exercises. Each process knows its own
 * sockets; it tells the others (through the live bus) what it sees per course, refreshed every
 * REFRESH_MS, and keeps what they tell it until EXPIRE_MS passes without news, so a process that
 * died drops out. The merged view is what a course's presence room receives.
 */
import { randomUUID } from "node:crypto";

export const REFRESH_MS = 10_000;
export const EXPIRE_MS = 30_000;

/** One person in a course: where they are (item ids, several tabs may differ). */
export interface PresentUser {
  userId: string;
  displayName: string;
  items: string[];
}

/** What one process reports for one course. */
export interface PresenceReport {
  node: string;
  courseId: string;
  users: PresentUser[];
}

interface Entry {
  userId: string;
  displayName: string;
  item: string | null;
}

/** This process's sockets in presence rooms, and the other processes' last reports. */
export class PresenceBook {
  readonly node = randomUUID();
  /** courseId → socket key → where it is. */
  readonly #local = new Map<string, Map<object, Entry>>();
  /** courseId → node → report and when it came. */
  readonly #remote = new Map<string, Map<string, { users: PresentUser[]; at: number }>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A socket is in the course (item null: on the course page, or not saying). */
  set(
    courseId: string,
    socket: object,
    who: { userId: string; displayName: string },
    item: string | null,
  ): void {
    let room = this.#local.get(courseId);
    if (!room) {
      room = new Map();
      this.#local.set(courseId, room);
    }
    room.set(socket, { ...who, item });
  }

  /** The socket left the course (unsubscribed or closed); true when it had been there. */
  remove(courseId: string, socket: object): boolean {
    const room = this.#local.get(courseId);
    if (!room?.delete(socket)) return false;
    if (room.size === 0) this.#local.delete(courseId);
    return true;
  }

  /** Every course a socket is in (to remove it on close). */
  coursesOf(socket: object): string[] {
    return [...this.#local].filter(([, room]) => room.has(socket)).map(([id]) => id);
  }

  /** This process's report for a course. */
  local(courseId: string): PresenceReport {
    return { node: this.node, courseId, users: group([...(this.#local.get(courseId)?.values() ?? [])]) };
  }

  /** Courses this process has sockets in. */
  localCourses(): string[] {
    return [...this.#local.keys()];
  }

  /** Another process's report; an empty one removes it. */
  receive(report: PresenceReport): void {
    if (report.node === this.node) return;
    let nodes = this.#remote.get(report.courseId);
    if (!nodes) {
      nodes = new Map();
      this.#remote.set(report.courseId, nodes);
    }
    if (report.users.length === 0) nodes.delete(report.node);
    else nodes.set(report.node, { users: report.users, at: this.#now() });
    if (nodes.size === 0) this.#remote.delete(report.courseId);
  }

  /** Drops reports older than EXPIRE_MS; returns the courses whose view changed. */
  expire(): string[] {
    const changed: string[] = [];
    const cutoff = this.#now() - EXPIRE_MS;
    for (const [courseId, nodes] of this.#remote) {
      for (const [node, r] of nodes) {
        if (r.at >= cutoff) continue;
        nodes.delete(node);
        changed.push(courseId);
      }
      if (nodes.size === 0) this.#remote.delete(courseId);
    }
    return [...new Set(changed)];
  }

  /** Everyone in the course, from every process, each person once, sorted by name. */
  view(courseId: string): PresentUser[] {
    const all = new Map<string, PresentUser>();
    const add = (u: PresentUser) => {
      const seen = all.get(u.userId);
      if (seen) seen.items = [...new Set([...seen.items, ...u.items])].sort();
      else all.set(u.userId, { ...u, items: [...u.items].sort() });
    };
    for (const u of this.local(courseId).users) add(u);
    for (const r of this.#remote.get(courseId)?.values() ?? []) for (const u of r.users) add(u);
    return [...all.values()].sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId),
    );
  }
}

function group(entries: Entry[]): PresentUser[] {
  const by = new Map<string, PresentUser>();
  for (const e of entries) {
    const u = by.get(e.userId) ?? { userId: e.userId, displayName: e.displayName, items: [] };
    if (e.item !== null && !u.items.includes(e.item)) u.items.push(e.item);
    by.set(e.userId, u);
  }
  return [...by.values()];
}
