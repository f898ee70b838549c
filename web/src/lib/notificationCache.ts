/** Rules for the cached inbox, as plain functions (web/src/notifications.ts applies them). */
import type { InfiniteData } from "@tanstack/react-query";
import type { Notification, NotificationList } from "../types.ts";

/**
 * A push that says a notification is unread, about one the cached inbox already holds as read, was
 * made before the read mark (pushes and read marks travel separately, so they can cross): a
 * notification never becomes unread again, so such a push is out of date, and so is its count.
 */
export function isStalePush(
  data: InfiniteData<NotificationList, unknown> | undefined,
  n: Notification,
): boolean {
  if (n.readAt !== null || !data) return false;
  return data.pages.some((p) => p.notifications.some((x) => x.id === n.id && x.readAt !== null));
}

/** Every row read, those already read keeping their stamp; each page's unread count zero. */
export function markAllInCache<P>(
  data: InfiniteData<NotificationList, P> | undefined,
  at: string,
): InfiniteData<NotificationList, P> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      unread: 0,
      notifications: p.notifications.map((n) => (n.readAt ? n : { ...n, readAt: at })),
    })),
  };
}
