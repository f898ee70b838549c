import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { api } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { Icon } from "../components/Icon.tsx";
import { ItemLink } from "../components/ItemLink.tsx";
import { Page } from "../components/Layout.tsx";
import { ProgressBar } from "../components/ProgressBar.tsx";
import { EmptyState, ErrorNotice, Loading } from "../components/Status.tsx";
import { formatDate, plural } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useAchievements, useDashboard } from "../queries.ts";
import type { Achievement, CourseProgress, Streak } from "../types.ts";

export function DashboardPage() {
  useDocumentTitle("Dashboard");
  const { user } = useAuth();
  const dashboard = useDashboard();
  const achievements = useAchievements();

  return (
    <Page>
      <h1 className="text-3xl font-bold tracking-tight">Welcome back, {user?.displayName}</h1>
      <p className="mt-1 text-slate-600 dark:text-slate-400">Pick up where you left off.</p>

      {dashboard.isPending ? (
        <Loading label="Loading your progress…" />
      ) : dashboard.isError ? (
        <ErrorNotice
          error={dashboard.error}
          title="Could not load your progress"
          onRetry={() => dashboard.refetch()}
          className="mt-6"
        />
      ) : (
        <div className="mt-8 grid gap-8 lg:grid-cols-[1fr_18rem]">
          <section aria-labelledby="courses-heading" className="min-w-0">
            <h2 id="courses-heading" className="text-xl font-semibold tracking-tight">
              Your courses
            </h2>
            {dashboard.data.courses.length === 0 ? (
              <div className="mt-4">
                <EmptyState title="You're not enrolled in any course yet">
                  <Link to="/courses" className="btn-primary mt-3">
                    Browse the catalog
                  </Link>
                </EmptyState>
              </div>
            ) : (
              <ul className="mt-4 space-y-4">
                {dashboard.data.courses.map((c) => (
                  <li key={c.courseId}>
                    <CourseProgressCard course={c} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <div className="flex flex-col gap-6">
            <StreakCard streak={dashboard.data.streak} />
            <SessionsCard />
          </div>
        </div>
      )}

      <section aria-labelledby="achievements-heading" className="mt-12">
        <h2 id="achievements-heading" className="text-xl font-semibold tracking-tight">
          Achievements
        </h2>
        {achievements.isPending ? (
          <Loading label="Loading achievements…" />
        ) : achievements.isError ? (
          <ErrorNotice error={achievements.error} title="Could not load achievements" className="mt-4" />
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              {achievements.data.achievements.filter((a) => a.unlockedAt).length} of{" "}
              {plural(achievements.data.achievements.length, "achievement")} unlocked
            </p>
            <ul aria-label="Achievements" className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {achievements.data.achievements.map((a) => (
                <AchievementCard key={a.code} achievement={a} />
              ))}
            </ul>
          </>
        )}
      </section>
    </Page>
  );
}

function CourseProgressCard({ course }: { course: CourseProgress }) {
  const next = course.continueAt;
  return (
    <article className="card p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-lg font-semibold">
          <Link to="/courses/$slug" params={{ slug: course.courseSlug }} className="hover:underline">
            {course.courseTitle}
          </Link>
        </h3>
        {course.completedAt ? (
          <span className="badge bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
            Completed {formatDate(course.completedAt)}
          </span>
        ) : null}
      </div>
      <ProgressBar
        percent={course.percent}
        label={`${course.courseTitle} progress`}
        caption="Progress"
        className="mt-4"
      />
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        {course.lessonsDone}/{course.lessonsTotal} lessons · {course.exercisesDone}/{course.exercisesTotal}{" "}
        exercises
      </p>
      {next ? (
        <div className="mt-4 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-slate-50 p-3 dark:bg-slate-800/50">
          <div className="min-w-0">
            <p className="text-xs font-medium text-slate-500 uppercase dark:text-slate-400">
              Continue where you left off
            </p>
            <p className="truncate font-medium">{next.title}</p>
          </div>
          <ItemLink
            kind={next.kind}
            id={next.id}
            className="btn-primary py-1.5"
            aria-label={`Continue ${course.courseTitle}: ${next.title}`}
          >
            Continue <Icon name="arrowRight" className="size-4" />
          </ItemLink>
        </div>
      ) : null}
    </article>
  );
}

/** The live sessions you host or joined: open ones to rejoin, ended ones to reopen their code. */
function SessionsCard() {
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => api.sessions() });
  if (sessions.isPending || sessions.isError || sessions.data.sessions.length === 0) return null;
  return (
    <section aria-labelledby="sessions-heading" className="card p-5">
      <h2 id="sessions-heading" className="flex items-center gap-2 font-semibold">
        <Icon name="users" className="size-4" /> Live sessions
      </h2>
      <ul className="mt-3 space-y-2 text-sm">
        {sessions.data.sessions.slice(0, 8).map((s) => (
          <li key={s.id}>
            <Link to="/sessions/$id" params={{ id: s.id }} className="font-medium hover:underline">
              {s.exerciseTitle}
            </Link>
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              {s.endedAt ? `ended ${formatDate(s.endedAt)}` : "open"} · host {s.host.displayName}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StreakCard({ streak }: { streak: Streak }) {
  return (
    <aside aria-labelledby="streak-heading" className="card h-fit p-5">
      <h2 id="streak-heading" className="flex items-center gap-2 font-semibold">
        <Icon name="flame" className="size-5 text-orange-500" /> Streak
      </h2>
      <dl className="mt-4 grid grid-cols-2 gap-3">
        <div className="rounded-lg bg-orange-50 p-3 dark:bg-orange-950/30">
          <dt className="text-xs text-slate-600 dark:text-slate-400">Current</dt>
          <dd className="text-2xl font-bold tabular-nums">
            {streak.current}{" "}
            <span className="text-sm font-medium">{streak.current === 1 ? "day" : "days"}</span>
          </dd>
        </div>
        <div className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/50">
          <dt className="text-xs text-slate-600 dark:text-slate-400">Longest</dt>
          <dd className="text-2xl font-bold tabular-nums">
            {streak.longest}{" "}
            <span className="text-sm font-medium">{streak.longest === 1 ? "day" : "days"}</span>
          </dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        {streak.lastActiveDay
          ? `Last active ${formatDate(streak.lastActiveDay)}.`
          : "Solve an exercise to start a streak."}
      </p>
    </aside>
  );
}

function AchievementCard({ achievement: a }: { achievement: Achievement }) {
  const unlocked = Boolean(a.unlockedAt);
  return (
    <li
      data-unlocked={unlocked}
      className={`flex items-start gap-3 rounded-xl border p-4 ${
        unlocked
          ? "border-amber-300 bg-amber-50 dark:border-amber-700/70 dark:bg-amber-950/30"
          : "border-slate-200 bg-white opacity-70 dark:border-slate-800 dark:bg-slate-900"
      }`}
    >
      <span
        className={`grid size-10 shrink-0 place-items-center rounded-full ${
          unlocked
            ? "bg-amber-400 text-amber-950"
            : "bg-slate-200 text-slate-500 dark:bg-slate-800 dark:text-slate-400"
        }`}
      >
        <Icon name={unlocked ? "trophy" : "lock"} className="size-5" />
      </span>
      <div className="min-w-0">
        <h3 className="font-semibold">{a.title}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">{a.description}</p>
        <p
          className={`mt-1 text-xs font-medium ${unlocked ? "text-amber-800 dark:text-amber-300" : "text-slate-500"}`}
        >
          {a.unlockedAt ? `Unlocked ${formatDate(a.unlockedAt)}` : "Locked"}
        </p>
      </div>
    </li>
  );
}
