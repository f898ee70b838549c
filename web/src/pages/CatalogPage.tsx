import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useId, useState } from "react";
import { CourseCard } from "../components/CourseCard.tsx";
import { Icon } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { EmptyState, ErrorNotice, Loading } from "../components/Status.tsx";
import { plural } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useCourses } from "../queries.ts";
import type { Level } from "../types.ts";

export interface CatalogSearch {
  q?: string;
  level?: Level;
  tag?: string;
}

const route = getRouteApi("/courses");
const LEVELS: Level[] = ["beginner", "intermediate", "advanced"];

export function CatalogPage() {
  useDocumentTitle("Courses");
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const courses = useCourses(search);
  const [text, setText] = useState(search.q ?? "");
  const searchId = useId();
  const levelId = useId();

  // Keep the box in sync when the URL changes from elsewhere (back button, cleared filters).
  useEffect(() => setText(search.q ?? ""), [search.q]);

  // Debounce typing into the URL: the URL is the single source of truth for the server query.
  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === search.q) return;
    const t = setTimeout(() => void navigate({ search: (s) => ({ ...s, q }), replace: true }), 300);
    return () => clearTimeout(t);
  }, [text, search.q, navigate]);

  const setFilter = (patch: Partial<CatalogSearch>) => void navigate({ search: (s) => ({ ...s, ...patch }) });
  const filtered = Boolean(search.q || search.level || search.tag);
  const tags = courses.data?.tags ?? [];

  return (
    <Page>
      <div className="flex flex-col gap-2">
        <h1 className="text-3xl font-bold tracking-tight">Courses</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Short lessons, real exercises, tests that tell you exactly what to fix.
        </p>
      </div>

      <search className="mt-8 block" aria-label="Filter courses">
        <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
          <div className="relative">
            <label htmlFor={searchId} className="sr-only">
              Search courses
            </label>
            <Icon
              name="search"
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400"
            />
            <input
              id={searchId}
              type="search"
              className="input pl-9"
              placeholder="Search courses, e.g. “slices” or “concurrency”"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <div className="flex items-center gap-2">
            <label htmlFor={levelId} className="text-sm font-medium text-slate-700 dark:text-slate-300">
              Level
            </label>
            <select
              id={levelId}
              className="input w-auto"
              value={search.level ?? ""}
              onChange={(e) => setFilter({ level: (e.target.value || undefined) as Level | undefined })}
            >
              <option value="">All levels</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l[0]?.toUpperCase()}
                  {l.slice(1)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {tags.length ? (
          <fieldset className="mt-4 flex flex-wrap items-center gap-2">
            <legend className="float-left mr-1 text-sm font-medium text-slate-700 dark:text-slate-300">
              Tags
            </legend>
            {tags.map((t) => {
              const active = search.tag === t;
              return (
                <button
                  key={t}
                  type="button"
                  aria-pressed={active}
                  onClick={() => setFilter({ tag: active ? undefined : t })}
                  className={`rounded-full border px-3 py-1 text-xs font-medium transition-colors ${
                    active
                      ? "border-brand-700 bg-brand-700 text-white dark:border-brand-400 dark:bg-brand-400 dark:text-slate-950"
                      : "border-slate-300 bg-white text-slate-700 hover:border-slate-400 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
                  }`}
                >
                  #{t}
                </button>
              );
            })}
          </fieldset>
        ) : null}
      </search>

      <div className="mt-6 flex items-center justify-between text-sm text-slate-600 dark:text-slate-400">
        <p aria-live="polite">
          {courses.data
            ? `${plural(courses.data.courses.length, "course")}${filtered ? " match your filters" : ""}`
            : ""}
        </p>
        {filtered ? (
          <button
            type="button"
            className="link text-sm"
            onClick={() => {
              setText("");
              void navigate({ search: {} });
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>

      <div className="mt-4" aria-busy={courses.isFetching}>
        {courses.isPending ? (
          <Loading label="Loading courses…" />
        ) : courses.isError ? (
          <ErrorNotice
            error={courses.error}
            title="Could not load courses"
            onRetry={() => courses.refetch()}
          />
        ) : courses.data.courses.length === 0 ? (
          <EmptyState title="No courses found">Try a different search or clear the filters.</EmptyState>
        ) : (
          <ul
            className={`grid gap-5 sm:grid-cols-2 lg:grid-cols-3 ${courses.isPlaceholderData ? "opacity-60" : ""}`}
          >
            {courses.data.courses.map((c) => (
              <li key={c.id} className="flex">
                <CourseCard course={c} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </Page>
  );
}
