/**
 * The module registry: every module, what it needs, and how a process is assembled from targets.
 * `all` is the union. Reading this file tells you the whole system.
 */

import type { AnalyticsClient } from "./analytics/index.ts";
import type { CatalogClient } from "./catalog/index.ts";
import type { ChatClient } from "./chat/index.ts";
import type { EnrollmentClient } from "./enrollment/index.ts";
import type { IdentityClient } from "./identity/index.ts";
import type { NotificationsClient } from "./notifications/index.ts";
import type { ProgressClient } from "./progress/index.ts";
import type { RealtimeClient } from "./realtime/index.ts";
import type { Runner } from "./runner/index.ts";
import type { SessionsClient } from "./sessions/index.ts";

/** The client each module publishes to the others. */
export interface Clients {
  identity: IdentityClient;
  catalog: CatalogClient;
  enrollment: EnrollmentClient;
  runner: Runner;
  progress: ProgressClient;
  realtime: RealtimeClient;
  analytics: AnalyticsClient;
  notifications: NotificationsClient;
  chat: ChatClient;
  sessions: SessionsClient;
}
export type ModuleName = keyof Clients | "gateway";

export interface ModuleSpec {
  name: ModuleName;
  dependsOn: ModuleName[];
  /** Postgres schema it owns (its migrations live beside it). */
  schema: string | null;
  description: string;
}

export const MODULES: readonly ModuleSpec[] = [
  {
    name: "identity",
    dependsOn: [],
    schema: "identity",
    description: "accounts, sessions, roles, audit log",
  },
  {
    name: "catalog",
    dependsOn: [],
    schema: "catalog",
    description: "courses, lessons, exercises, curriculum import",
  },
  { name: "enrollment", dependsOn: ["catalog"], schema: "enrollment", description: "who is enrolled where" },
  {
    name: "runner",
    dependsOn: [],
    schema: null,
    description: "sandboxed go test: queue, sandbox, verdict cache",
  },
  {
    name: "progress",
    dependsOn: ["catalog", "enrollment", "runner", "identity"],
    schema: "progress",
    description: "drafts, attempts, completions, streaks, achievements, leaderboards",
  },
  {
    name: "notifications",
    dependsOn: ["identity", "catalog"],
    schema: "notifications",
    description: "inbox, email (captured or SMTP), preferences, weekly digest",
  },
  {
    name: "analytics",
    dependsOn: ["catalog"],
    schema: "analytics",
    description: "learning-event windows, unique learners (HLL), series, dashboards API, event ingest",
  },
  {
    name: "chat",
    dependsOn: ["catalog", "enrollment"],
    schema: "chat",
    description: "a chat room per course: history, edits, deletes, mutes, mentions",
  },
  {
    name: "sessions",
    dependsOn: ["catalog", "enrollment", "runner"],
    schema: "sessions",
    description: "live coding sessions: shared Yjs documents, runs everyone sees, session chat",
  },
  {
    name: "realtime",
    dependsOn: [],
    schema: null,
    description:
      "the WebSocket endpoint: live notifications, analytics, leaderboards, chat, presence and session rooms",
  },
  {
    name: "gateway",
    dependsOn: [],
    schema: null,
    description: "HTTP: auth, limits, ids, errors, docs, web app (in every process)",
  },
];

/** Named groups besides each module's own name. */
export const TARGET_GROUPS: Record<string, ModuleName[]> = {
  all: MODULES.map((m) => m.name),
};

export const validTargets = (): string[] => [...Object.keys(TARGET_GROUPS), ...MODULES.map((m) => m.name)];

/**
 * The modules a process runs for the given targets, dependencies first. Until modules have remote
 * clients, a module's dependencies run in the same process.
 */
export function resolveTargets(targets: string[]): ModuleName[] {
  const unknown = targets.filter((t) => !validTargets().includes(t));
  if (unknown.length > 0) {
    throw new Error(`Unknown target(s): ${unknown.join(", ")}. Valid targets: ${validTargets().join(", ")}`);
  }
  const wanted = new Set<ModuleName>();
  const add = (n: ModuleName) => {
    if (wanted.has(n)) return;
    for (const d of MODULES.find((m) => m.name === n)?.dependsOn ?? []) add(d);
    wanted.add(n);
  };
  for (const t of targets) for (const n of TARGET_GROUPS[t] ?? [t as ModuleName]) add(n);
  // Every process answers HTTP: its modules' routes, health and metrics.
  add("gateway");
  // Insertion order is dependency order.
  return [...wanted];
}
