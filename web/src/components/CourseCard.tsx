import { Link } from "@tanstack/react-router";
import { formatMinutes, plural } from "../lib/format.ts";
import type { CourseSummary } from "../types.ts";
import { LevelBadge, TagBadge } from "./Badges.tsx";

export function CourseCard({ course }: { course: CourseSummary }) {
  return (
    <article className="card group relative flex w-full flex-col p-5 transition-shadow hover:shadow-md focus-within:ring-2 focus-within:ring-brand-500">
      <div className="flex items-center gap-2">
        <LevelBadge level={course.level} />
        <span className="text-xs text-slate-500 dark:text-slate-400">{formatMinutes(course.minutes)}</span>
      </div>
      <h2 className="mt-3 text-lg font-semibold tracking-tight">
        {/* The stretched link makes the whole card clickable while keeping one accessible link. */}
        <Link
          to="/courses/$slug"
          params={{ slug: course.slug }}
          className="after:absolute after:inset-0 after:rounded-xl focus:outline-none group-hover:text-brand-700 dark:group-hover:text-brand-300"
        >
          {course.title}
        </Link>
      </h2>
      <p className="mt-2 flex-1 text-sm text-slate-600 dark:text-slate-400">{course.summary}</p>
      <p className="mt-4 text-xs text-slate-500 dark:text-slate-400">
        {plural(course.lessonCount, "lesson")} · {plural(course.exerciseCount, "exercise")}
      </p>
      {course.tags.length ? (
        <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Tags">
          {course.tags.map((t) => (
            <li key={t}>
              <TagBadge tag={t} />
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
