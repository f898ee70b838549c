import { getRouteApi, Link } from "@tanstack/react-router";
import { isApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { DifficultyBadge, ItemStateIcon, LevelBadge, TagBadge } from "../components/Badges.tsx";
import { Breadcrumbs } from "../components/Breadcrumbs.tsx";
import { ChatPanel } from "../components/ChatPanel.tsx";
import { EnrollButton } from "../components/EnrollButton.tsx";
import { Icon } from "../components/Icon.tsx";
import { ItemLink } from "../components/ItemLink.tsx";
import { Page } from "../components/Layout.tsx";
import { LeaderboardCard } from "../components/LeaderboardCard.tsx";
import { Markdown } from "../components/Markdown.tsx";
import { OnlineNow } from "../components/Presence.tsx";
import { ProgressBar } from "../components/ProgressBar.tsx";
import { ErrorNotice, Loading } from "../components/Status.tsx";
import { formatMinutes, plural } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useCourse, useCourseProgress, useEnrollments } from "../queries.ts";
import type { CourseDetail, CourseProgress } from "../types.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";

const route = getRouteApi("/courses/$slug");

export function CoursePage() {
  const { slug } = route.useParams();
  const course = useCourse(slug);
  useDocumentTitle(course.data?.title ?? "Course");

  if (course.isPending) {
    return (
      <Page>
        <Loading label="Loading course…" />
      </Page>
    );
  }
  if (course.isError) {
    if (isApiError(course.error) && course.error.status === 404) return <NotFoundPage what="course" />;
    return (
      <Page>
        <ErrorNotice
          error={course.error}
          title="Could not load this course"
          onRetry={() => course.refetch()}
        />
      </Page>
    );
  }
  return <CourseView course={course.data} />;
}

function CourseView({ course }: { course: CourseDetail }) {
  const { user } = useAuth();
  const enrollments = useEnrollments();
  const progress = useCourseProgress(course.slug);
  const enrolled = enrollments.data?.enrollments.some(
    (e) => e.courseId === course.id || e.courseSlug === course.slug,
  );
  const items = progress.data?.items ?? {};
  /** The course's chat room and presence are for its learners and its moderators. */
  const member = Boolean(user && (enrolled || user.role === "admin" || user.role === "instructor"));

  return (
    <Page>
      <Breadcrumbs items={[{ label: "Courses", to: "/courses" }, { label: course.title }]} />
      <div className="mt-4 grid gap-8 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <LevelBadge level={course.level} />
            {course.tags.map((t) => (
              <TagBadge key={t} tag={t} />
            ))}
          </div>
          <h1 className="mt-3 text-3xl font-bold tracking-tight sm:text-4xl">{course.title}</h1>
          <p className="mt-3 text-lg text-slate-600 dark:text-slate-400">{course.summary}</p>
          <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">
            {plural(course.lessonCount, "lesson")} · {plural(course.exerciseCount, "exercise")} ·{" "}
            {formatMinutes(course.minutes)}
          </p>
          {course.description ? <Markdown source={course.description} className="mt-6" /> : null}
        </div>

        <aside aria-label="Your progress" className="lg:row-span-2">
          <div className="space-y-6 lg:sticky lg:top-24">
            <div className="card p-5">
              {!user ? (
                <>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    Log in to enroll, run tests and track your progress.
                  </p>
                  <Link
                    to="/login"
                    search={{ redirect: `/courses/${course.slug}` }}
                    className="btn-primary mt-4 w-full"
                  >
                    Log in to enroll
                  </Link>
                  <Link
                    to="/register"
                    search={{ redirect: `/courses/${course.slug}` }}
                    className="btn-secondary mt-2 w-full"
                  >
                    Create a free account
                  </Link>
                </>
              ) : enrollments.isPending ? (
                <Loading label="Checking enrollment…" className="py-2" />
              ) : enrollments.isError ? (
                <ErrorNotice error={enrollments.error} title="Could not load your enrollment" />
              ) : enrolled ? (
                <EnrolledPanel progress={progress.data} loading={progress.isPending} error={progress.error} />
              ) : (
                <EnrollPanel slug={course.slug} />
              )}
            </div>
            {user ? <LeaderboardCard courseSlug={course.slug} courseId={course.id} /> : null}
            {member ? (
              <OnlineNow
                courseId={course.id}
                titles={new Map(course.modules.flatMap((m) => m.items.map((i) => [i.id, i.title] as const)))}
              />
            ) : null}
          </div>
        </aside>

        <section aria-labelledby="syllabus-heading" className="min-w-0">
          <h2 id="syllabus-heading" className="text-xl font-semibold tracking-tight">
            Syllabus
          </h2>
          <ol className="mt-4 space-y-6">
            {course.modules.map((m, mi) => (
              <li key={m.id} className="card overflow-hidden">
                <h3 className="border-b border-slate-200 bg-slate-50 px-5 py-3 font-semibold dark:border-slate-800 dark:bg-slate-900/60">
                  <span className="mr-2 text-slate-500 dark:text-slate-400">Module {mi + 1}</span>
                  {m.title}
                </h3>
                <ol className="divide-y divide-slate-200 dark:divide-slate-800">
                  {m.items.map((item) => {
                    const state = items[item.id];
                    return (
                      <li key={item.id}>
                        <ItemLink
                          kind={item.kind}
                          id={item.id}
                          className="flex items-center gap-3 px-5 py-3 hover:bg-slate-50 dark:hover:bg-slate-800/50"
                        >
                          {user && state ? <ItemStateIcon state={state} /> : null}
                          <Icon
                            name={item.kind === "lesson" ? "book" : "code"}
                            className="size-4 shrink-0 text-slate-400"
                          />
                          <span className="min-w-0 flex-1">
                            <span className="sr-only">
                              {item.kind === "lesson" ? "Lesson: " : "Exercise: "}
                            </span>
                            <span className="font-medium">{item.title}</span>
                          </span>
                          {item.difficulty ? <DifficultyBadge difficulty={item.difficulty} /> : null}
                          <span className="hidden text-xs text-slate-500 sm:inline dark:text-slate-400">
                            {formatMinutes(item.minutes)}
                          </span>
                        </ItemLink>
                      </li>
                    );
                  })}
                </ol>
              </li>
            ))}
          </ol>
        </section>
        {member ? (
          <div className="min-w-0">
            <ChatPanel courseSlug={course.slug} courseId={course.id} />
          </div>
        ) : null}
      </div>
    </Page>
  );
}

function EnrollPanel({ slug }: { slug: string }) {
  return (
    <>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Enroll to run the exercises, track your progress and see this course on your dashboard. It's free.
      </p>
      <EnrollButton courseSlug={slug} className="btn-primary w-full" />
    </>
  );
}

function EnrolledPanel({
  progress,
  loading,
  error,
}: {
  progress: CourseProgress | undefined;
  loading: boolean;
  error: unknown;
}) {
  if (loading) return <Loading label="Loading progress…" className="py-2" />;
  if (!progress)
    return <ErrorNotice error={error ?? "No progress yet"} title="Could not load your progress" />;
  const next = progress.continueAt;
  return (
    <>
      <p className="flex items-center gap-2 text-sm font-medium text-emerald-700 dark:text-emerald-400">
        <Icon name="check" className="size-4" strokeWidth={3} /> Enrolled
      </p>
      <ProgressBar percent={progress.percent} label="Course progress" className="mt-4" />
      <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
        <div className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
          <dt className="text-slate-500 dark:text-slate-400">Lessons</dt>
          <dd className="font-semibold tabular-nums">
            {progress.lessonsDone} / {progress.lessonsTotal}
          </dd>
        </div>
        <div className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
          <dt className="text-slate-500 dark:text-slate-400">Exercises</dt>
          <dd className="font-semibold tabular-nums">
            {progress.exercisesDone} / {progress.exercisesTotal}
          </dd>
        </div>
      </dl>
      {next ? (
        <ItemLink kind={next.kind} id={next.id} className="btn-primary mt-4 w-full">
          {progress.percent > 0 ? "Continue" : "Start"}: {next.title}
          <Icon name="arrowRight" className="size-4 shrink-0" />
        </ItemLink>
      ) : (
        <p className="mt-4 rounded-lg bg-emerald-50 p-3 text-sm font-medium text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-300">
          Course complete — well done!
        </p>
      )}
    </>
  );
}
