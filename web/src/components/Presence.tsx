/**
 * Presence: who is in a course right now (and on which lesson or exercise), from the course's
 * presence room. Being on a page of the course is what puts a learner there; nothing is stored.
 */
import { useAuth } from "../auth.tsx";
import { type PresentUser, usePresence } from "../live.ts";

const MAX_NAMES = 12;

/** The course page's "Online now" card: everyone in the course and where they are. */
export function OnlineNow({ courseId, titles }: { courseId: string; titles: Map<string, string> }) {
  const { user } = useAuth();
  const users = usePresence(courseId, null, Boolean(user));
  if (!user) return null;
  const others = users.filter((u) => u.userId !== user.id);
  return (
    <section aria-label="Online now" className="card p-5">
      <h2 className="flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
        Online now
      </h2>
      {others.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Nobody else from this course is here right now.
        </p>
      ) : (
        <ul className="mt-3 space-y-1.5 text-sm" aria-label="Learners online in this course">
          {others.slice(0, MAX_NAMES).map((u) => (
            <li key={u.userId} className="flex min-w-0 items-baseline gap-2">
              <span className="truncate font-medium">{u.displayName}</span>
              <span className="truncate text-xs text-slate-500 dark:text-slate-400">{where(u, titles)}</span>
            </li>
          ))}
          {others.length > MAX_NAMES ? (
            <li className="text-xs text-slate-500 dark:text-slate-400">
              and {others.length - MAX_NAMES} more
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function where(u: PresentUser, titles: Map<string, string>): string {
  const names = u.items.map((id) => titles.get(id)).filter((t): t is string => t !== undefined);
  return names.length === 0 ? "on the course page" : `on ${names.join(", ")}`;
}

/** A lesson's or exercise's "Also here" line: others of the course on this same item. */
export function AlsoHere({ courseId, item, enabled }: { courseId: string; item: string; enabled: boolean }) {
  const { user } = useAuth();
  const users = usePresence(courseId, item, enabled && Boolean(user));
  const here = users.filter((u) => u.userId !== user?.id && u.items.includes(item));
  if (here.length === 0) return null;
  const names = here.slice(0, 5).map((u) => u.displayName);
  const more = here.length > 5 ? ` and ${here.length - 5} more` : "";
  return (
    <p
      role="status"
      aria-label="Also here"
      className="mt-2 flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400"
    >
      <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
      Also here: {names.join(", ")}
      {more}
    </p>
  );
}
