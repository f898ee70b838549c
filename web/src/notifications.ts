/**
 * The learner's inbox on the client: unread count, the cursor-paged list, read marks and
 * preferences, kept current by the live "notifications" channel. The caches live under "me", so
 * they go away with the session like every other per-user query.
 */
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "./api.ts";
import { useAuth } from "./auth.tsx";
import { isStalePush, markAllInCache } from "./lib/notificationCache.ts";
import { type NotificationChange, useLiveChannel } from "./live.ts";
import { qk } from "./queries.ts";
import type {
  Notification,
  NotificationKind,
  NotificationList,
  NotificationPreference,
  NotificationPreferences,
  UnreadCount,
} from "./types.ts";

type ListData = InfiniteData<NotificationList, string | undefined>;

export const KIND_LABELS: Record<NotificationKind, string> = {
  course_completed: "Course completed",
  achievement_unlocked: "Achievement unlocked",
  mention: "Mentions",
  weekly_digest: "Weekly digest",
};

export const KIND_HINTS: Record<NotificationKind, string> = {
  course_completed: "When you finish every lesson and exercise of a course.",
  achievement_unlocked: "When you unlock an achievement.",
  mention: "When someone mentions you in a course chat.",
  weekly_digest: "A summary of your week, sent once a week when you were active.",
};

/** Only same-site paths are followed (a notification link is data from the server). */
export const safeLink = (link: string | null): string | null =>
  link?.startsWith("/") && !link.startsWith("//") ? link : null;

export function useUnreadCount() {
  const { user } = useAuth();
  return useQuery({
    queryKey: qk.unreadCount,
    queryFn: api.unreadCount,
    enabled: Boolean(user),
    select: (d: UnreadCount) => d.unread,
  });
}

export function useNotificationList(enabled = true) {
  const { user } = useAuth();
  return useInfiniteQuery({
    queryKey: qk.notifications,
    queryFn: ({ pageParam }) => api.notifications(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(user) && enabled,
  });
}

/** Replaces a notification where the cached list has it, else puts it on top (newest first). */
function upsert(data: ListData | undefined, n: Notification): ListData | undefined {
  if (!data) return data;
  let found = false;
  const pages = data.pages.map((p) => ({
    ...p,
    notifications: p.notifications.map((x) => {
      if (x.id !== n.id) return x;
      found = true;
      return n;
    }),
  }));
  const first = pages[0];
  if (!found && first) pages[0] = { ...first, notifications: [n, ...first.notifications] };
  return { ...data, pages };
}

const setUnread = (qc: QueryClient, unread: number) =>
  qc.setQueryData<UnreadCount>(qk.unreadCount, { unread });

/**
 * Follows the live channel and applies each change to the caches. Mount it once (the header bell
 * does). `onChange` sees every change, e.g. to announce a new notification.
 */
export function useNotificationsLive(onChange?: (change: NotificationChange) => void): void {
  const qc = useQueryClient();
  const { user } = useAuth();
  useLiveChannel(
    "notifications",
    (change) => {
      if (change.userId !== user?.id) return;
      if (
        change.notification &&
        isStalePush(qc.getQueryData<ListData>(qk.notifications), change.notification)
      ) {
        // Made before a read mark that has since reached this tab: ask for the count instead.
        void qc.invalidateQueries({ queryKey: qk.unreadCount });
        return;
      }
      setUnread(qc, change.unread);
      if (change.notification) {
        const n = change.notification;
        qc.setQueryData<ListData>(qk.notifications, (d) => upsert(d, n));
        // Progress made elsewhere (another tab, device or client): the dashboard is out of date.
        if (n.readAt === null && (n.kind === "achievement_unlocked" || n.kind === "course_completed")) {
          for (const key of [qk.dashboard, qk.achievements, qk.enrollments])
            void qc.invalidateQueries({ queryKey: key });
        }
      } else {
        // Several changed at once: a mark-all. Down to zero, every row this tab holds was made before
        // it and is read now, so the rows change with the bell; the fetch brings the server's stamps.
        if (change.unread === 0)
          qc.setQueryData<ListData>(qk.notifications, (d) => markAllInCache(d, new Date().toISOString()));
        void qc.invalidateQueries({ queryKey: qk.notifications });
      }
      onChange?.(change);
    },
    {
      enabled: Boolean(user),
      // (Re)subscribed: whatever happened while the socket was down is fetched once.
      onSubscribed: () => {
        void qc.invalidateQueries({ queryKey: qk.unreadCount });
        void qc.invalidateQueries({ queryKey: qk.notifications });
      },
    },
  );
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.markNotificationRead(id),
    onMutate: () => qc.cancelQueries({ queryKey: qk.notifications }),
    onSuccess: (n) => {
      qc.setQueryData<ListData>(qk.notifications, (d) => upsert(d, n));
      // The socket tells the new count too; asking covers a connection that is down.
      void qc.invalidateQueries({ queryKey: qk.unreadCount });
    },
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.markAllNotificationsRead,
    // A list fetch already under way would land after this and bring the rows back unread.
    onMutate: () => qc.cancelQueries({ queryKey: qk.notifications }),
    onSuccess: (r) => {
      setUnread(qc, r.unread);
      qc.setQueryData<ListData>(qk.notifications, (d) => markAllInCache(d, new Date().toISOString()));
      // And fetch what the server holds now: a fetch that began while the change was being made
      // (it can start after onMutate) may have read the rows before they were marked.
      void qc.invalidateQueries({ queryKey: qk.notifications });
    },
  });
}

export function useNotificationPreferences() {
  const { user } = useAuth();
  return useQuery({
    queryKey: qk.notificationPreferences,
    queryFn: api.notificationPreferences,
    enabled: Boolean(user),
  });
}

export function useSaveNotificationPreference() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: Pick<NotificationPreference, "kind"> & Partial<NotificationPreference>) =>
      api.setNotificationPreferences({ preferences: [change] }),
    onSuccess: (prefs: NotificationPreferences) => qc.setQueryData(qk.notificationPreferences, prefs),
  });
}
