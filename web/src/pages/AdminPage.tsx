import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { api } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { LevelBadge } from "../components/Badges.tsx";
import { Icon } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { ErrorNotice, Loading } from "../components/Status.tsx";
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { qk } from "../queries.ts";

export function AdminPage() {
  useDocumentTitle("Admin");
  const { user } = useAuth();
  if (!user) {
    return (
      <Page>
        <h1 className="text-2xl font-bold">Admin</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">
          <Link to="/login" search={{ redirect: "/admin" }} className="link">
            Log in
          </Link>{" "}
          with an administrator account to see this page.
        </p>
      </Page>
    );
  }
  if (user.role !== "admin") {
    return (
      <Page>
        <h1 className="text-2xl font-bold">Admin</h1>
        <div role="alert" className="mt-4 card p-5 text-slate-700 dark:text-slate-300">
          This page is for administrators. Your account ({user.email}) has the role “{user.role}”.
        </div>
      </Page>
    );
  }
  return (
    <Page wide>
      <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        Users, courses and the code runner of this server.
      </p>
      <div className="mt-8 space-y-10">
        <RunnerSection />
        <UsersSection />
        <CoursesSection />
      </div>
    </Page>
  );
}

function Section({
  id,
  title,
  icon,
  children,
}: {
  id: string;
  title: string;
  icon: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="flex items-center gap-2 text-xl font-semibold tracking-tight">
        {icon}
        {title}
      </h2>
      <div className="mt-4">{children}</div>
    </section>
  );
}

const th =
  "px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400";
const td = "px-4 py-3 text-sm";

function RunnerSection() {
  const runner = useQuery({
    queryKey: qk.admin("runner"),
    queryFn: api.adminRunner,
    refetchInterval: 10_000,
  });
  return (
    <Section
      id="admin-runner"
      title="Code runner"
      icon={<Icon name="server" className="size-5 text-slate-400" />}
    >
      {runner.isPending ? (
        <Loading label="Loading runner status…" />
      ) : runner.isError ? (
        <ErrorNotice
          error={runner.error}
          title="Could not load the runner status"
          onRetry={() => runner.refetch()}
        />
      ) : (
        <div className="card p-5">
          <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label="Go toolchain"
              value={runner.data.goAvailable ? (runner.data.goVersion ?? "available") : "missing"}
              ok={runner.data.goAvailable}
            />
            <Stat label="Sandbox" value={runner.data.sandbox} ok={runner.data.canRunUntrusted} />
            <Stat label="Workers busy" value={`${runner.data.running} / ${runner.data.workers}`} />
            <Stat label="Queue" value={`${runner.data.queued} / ${runner.data.maxQueue}`} />
          </dl>
          <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">{runner.data.sandboxDetail}</p>
          {!runner.data.canRunUntrusted ? (
            <p className="mt-2 text-sm font-medium text-amber-700 dark:text-amber-400">
              This runner is not isolated enough to run untrusted code from learners.
            </p>
          ) : null}
        </div>
      )}
    </Section>
  );
}

function Stat({ label, value, ok }: { label: string; value: string; ok?: boolean }) {
  return (
    <div className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/50">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 flex items-center gap-2 font-semibold">
        {ok === undefined ? null : (
          <span
            className={`size-2.5 rounded-full ${ok ? "bg-emerald-500" : "bg-red-500"}`}
            role="img"
            aria-label={ok ? "OK" : "Problem"}
          />
        )}
        <span className="truncate">{value}</span>
      </dd>
    </div>
  );
}

function UsersSection() {
  const users = useQuery({ queryKey: qk.admin("users"), queryFn: api.adminUsers });
  return (
    <Section id="admin-users" title="Users" icon={<Icon name="users" className="size-5 text-slate-400" />}>
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.isError ? (
        <ErrorNotice error={users.error} title="Could not load users" onRetry={() => users.refetch()} />
      ) : (
        <AdminTable
          caption={`${users.data.users.length} users`}
          headers={["Name", "Email", "Role", "Joined", "Last login"]}
        >
          {users.data.users.map((u) => (
            <tr key={u.id}>
              <td className={`${td} font-medium`}>{u.displayName}</td>
              <td className={`${td} text-slate-600 dark:text-slate-400`}>{u.email}</td>
              <td className={td}>
                <span
                  className={`badge ${
                    u.role === "admin"
                      ? "bg-brand-100 text-brand-800 dark:bg-brand-950 dark:text-brand-200"
                      : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
                  }`}
                >
                  {u.role}
                </span>
              </td>
              <td className={`${td} text-slate-600 dark:text-slate-400`}>{formatDateTime(u.createdAt)}</td>
              <td className={`${td} text-slate-600 dark:text-slate-400`}>
                {u.lastLoginAt ? formatRelative(u.lastLoginAt) : "Never"}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </Section>
  );
}

function CoursesSection() {
  const courses = useQuery({ queryKey: qk.admin("courses"), queryFn: api.adminCourses });
  return (
    <Section id="admin-courses" title="Courses" icon={<Icon name="book" className="size-5 text-slate-400" />}>
      {courses.isPending ? (
        <Loading label="Loading courses…" />
      ) : courses.isError ? (
        <ErrorNotice error={courses.error} title="Could not load courses" onRetry={() => courses.refetch()} />
      ) : (
        <AdminTable
          caption={`${courses.data.courses.length} courses`}
          headers={["Title", "Slug", "Level", "Lessons", "Exercises"]}
        >
          {courses.data.courses.map((c) => (
            <tr key={c.id}>
              <td className={`${td} font-medium`}>
                <Link to="/courses/$slug" params={{ slug: c.slug }} className="link">
                  {c.title}
                </Link>
              </td>
              <td className={`${td} font-mono text-xs`}>{c.slug}</td>
              <td className={td}>
                <LevelBadge level={c.level} />
              </td>
              <td className={`${td} tabular-nums`}>{c.lessonCount}</td>
              <td className={`${td} tabular-nums`}>{c.exerciseCount}</td>
            </tr>
          ))}
        </AdminTable>
      )}
    </Section>
  );
}

/** A scrollable admin table: a caption for screen readers, column headers, and the rows as children. */
function AdminTable({
  caption,
  headers,
  children,
}: {
  caption: string;
  headers: string[];
  children: ReactNode;
}) {
  return (
    <div className="card overflow-x-auto">
      <table className="w-full min-w-[40rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}
