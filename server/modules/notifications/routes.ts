import {
  DigestResult,
  ErrorEnvelope,
  IdParam,
  Mailbox,
  MailboxQuery,
  MailMessage,
  Notification,
  NotificationList,
  NotificationPreferences,
  NotificationPreferencesBody,
  PageQuery,
  ReadAllResult,
  UnreadCount,
} from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import { userOf } from "../gateway/index.ts";
import type { NotificationService } from "./service.ts";

export interface RouteHooks {
  mode: "capture" | "smtp";
  runDigest: () => Promise<DigestResult>;
  /** After a learner's inbox changed (read, read all): tells live clients the new unread count. */
  changed: (userId: string, notification: Notification | null) => Promise<void>;
  mailQueued: () => void;
}

export function notificationRoutes(app: HttpApp, svc: NotificationService, hooks: RouteHooks): void {
  const auth = { config: { auth: "required" as const } };
  const admin = { config: { auth: "admin" as const } };
  const sec = { security: [{ bearer: [] }] };
  const e = { 400: ErrorEnvelope, 401: ErrorEnvelope, 404: ErrorEnvelope };
  const ea = { ...e, 403: ErrorEnvelope };

  app.get(
    "/api/v1/notifications",
    {
      ...auth,
      schema: {
        tags: ["notifications"],
        ...sec,
        summary: "Your inbox, newest first",
        querystring: PageQuery,
        response: { 200: NotificationList, ...e },
      },
    },
    async (req) => svc.list(userOf(req).userId, req.query),
  );
  app.get(
    "/api/v1/notifications/unread-count",
    {
      ...auth,
      schema: { tags: ["notifications"], ...sec, response: { 200: UnreadCount, ...e } },
    },
    async (req) => ({ unread: await svc.unreadCount(userOf(req).userId) }),
  );
  app.post(
    "/api/v1/notifications/:id/read",
    {
      ...auth,
      schema: {
        tags: ["notifications"],
        ...sec,
        summary: "Mark one of your notifications read",
        params: IdParam,
        response: { 200: Notification, ...e },
      },
    },
    async (req) => {
      const userId = userOf(req).userId;
      const n = await svc.markRead(userId, req.params.id);
      await hooks.changed(userId, n);
      return n;
    },
  );
  app.post(
    "/api/v1/notifications/read-all",
    {
      ...auth,
      schema: {
        tags: ["notifications"],
        ...sec,
        summary: "Mark all your notifications read",
        response: { 200: ReadAllResult, ...e },
      },
    },
    async (req) => {
      const userId = userOf(req).userId;
      const marked = await svc.markAllRead(userId);
      if (marked > 0) await hooks.changed(userId, null);
      return { marked, unread: await svc.unreadCount(userId) };
    },
  );
  app.get(
    "/api/v1/notifications/preferences",
    {
      ...auth,
      schema: { tags: ["notifications"], ...sec, response: { 200: NotificationPreferences, ...e } },
    },
    async (req) => ({ preferences: await svc.getPreferences(userOf(req).userId) }),
  );
  app.put(
    "/api/v1/notifications/preferences",
    {
      ...auth,
      schema: {
        tags: ["notifications"],
        ...sec,
        summary: "Choose which kinds reach you in the app and by email",
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferences, ...e },
      },
    },
    async (req) => ({
      preferences: await svc.setPreferences(userOf(req).userId, req.body.preferences),
    }),
  );

  app.get(
    "/api/v1/admin/mailbox",
    {
      ...admin,
      schema: {
        tags: ["admin"],
        ...sec,
        summary: "Outgoing mail, newest first (captured, pending, sent and failed)",
        querystring: MailboxQuery,
        response: { 200: Mailbox, ...ea },
      },
    },
    async (req) => ({ mode: hooks.mode, ...(await svc.mailbox(req.query)) }),
  );
  app.post(
    "/api/v1/admin/mailbox/:id/retry",
    {
      ...admin,
      schema: {
        tags: ["admin"],
        ...sec,
        summary: "Queue a failed message again",
        params: IdParam,
        response: { 200: MailMessage, ...ea },
      },
    },
    async (req) => {
      const m = await svc.retryMail(req.params.id);
      hooks.mailQueued();
      return m;
    },
  );
  app.post(
    "/api/v1/admin/notifications/digest",
    {
      ...admin,
      schema: {
        tags: ["admin"],
        ...sec,
        summary: "Send the weekly digest now",
        response: { 200: DigestResult, ...ea },
      },
    },
    async () => hooks.runDigest(),
  );
}
