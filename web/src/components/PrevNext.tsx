import { Link } from "@tanstack/react-router";
import type { ItemRef } from "../types.ts";
import { Icon } from "./Icon.tsx";
import { ItemLink } from "./ItemLink.tsx";

const kindLabel = { lesson: "Lesson", exercise: "Exercise" } as const;

/**
 * Previous / next navigation in the course's reading order. The last item links back to the course
 * overview instead, so finishing a course ends somewhere that shows it.
 */
export function PrevNext({
  prev,
  next,
  course,
  emphasizeNext = false,
}: {
  prev: ItemRef | null;
  next: ItemRef | null;
  course: { slug: string; title: string };
  emphasizeNext?: boolean;
}) {
  const layout = "group flex min-w-0 flex-1 flex-col rounded-xl border p-4 transition-colors sm:max-w-[48%]";
  const neutral =
    "border-slate-200 bg-white hover:border-brand-500 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-brand-400";
  const strong =
    "border-brand-700 bg-brand-700 text-white hover:bg-brand-800 dark:border-brand-400 dark:bg-brand-400 dark:text-slate-950 dark:hover:bg-brand-300";
  return (
    <nav aria-label="Course navigation" className="flex flex-col gap-3 sm:flex-row sm:justify-between">
      {prev ? (
        <ItemLink kind={prev.kind} id={prev.id} className={`${layout} ${neutral}`} rel="prev">
          <span className="flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
            <Icon name="chevronLeft" className="size-3.5" /> Previous · {kindLabel[prev.kind]}
          </span>
          <span className="mt-1 truncate font-medium">{prev.title}</span>
        </ItemLink>
      ) : (
        <span className="hidden sm:block" />
      )}
      {next ? (
        <ItemLink
          kind={next.kind}
          id={next.id}
          rel="next"
          className={`${layout} items-end text-right ${emphasizeNext ? strong : neutral}`}
        >
          <span
            className={`flex items-center gap-1 text-xs ${emphasizeNext ? "" : "text-slate-500 dark:text-slate-400"}`}
          >
            Next · {kindLabel[next.kind]} <Icon name="chevronRight" className="size-3.5" />
          </span>
          <span className="mt-1 max-w-full truncate font-medium">{next.title}</span>
        </ItemLink>
      ) : (
        <Link
          to="/courses/$slug"
          params={{ slug: course.slug }}
          className={`${layout} items-end text-right ${emphasizeNext ? strong : neutral}`}
        >
          <span
            className={`flex items-center gap-1 text-xs ${emphasizeNext ? "" : "text-slate-500 dark:text-slate-400"}`}
          >
            End of the course · Back to the overview <Icon name="chevronRight" className="size-3.5" />
          </span>
          <span className="mt-1 max-w-full truncate font-medium">{course.title}</span>
        </Link>
      )}
    </nav>
  );
}
