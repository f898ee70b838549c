import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { api } from "../api.ts";
import { LevelBadge } from "../components/Badges.tsx";
import { Icon, Spinner } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { RequireAdmin } from "../components/RequireAdmin.tsx";
import { EmptyState, ErrorNotice, Loading } from "../components/Status.tsx";
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { qk } from "../queries.ts";
import type { MailMessage, MailStatus } from "../types.ts";

export function AdminPage() {
  useDocumentTitle("Admin");
  return (
    <RequireAdmin title="Admin" redirect="/admin">
      <AdminBody />
    </RequireAdmin>
  );
}

function AdminBody() {
  return (
    <Page wide>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            Users, courses, outgoing mail and the code runner of this server.
          </p>
        </div>
        <Link to="/admin/analytics" className="btn-primary">
          <Icon name="pulse" className="size-4" />
          Live analytics
        </Link>
      </div>
      <div className="mt-8 space-y-10">
        <RunnerSection />
        <UsersSection />
        <CoursesSection />
        <MailboxSection />
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
          headers={["Title", "Slug", "Level", "Lessons", "Exercises", "Analytics"]}
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
              <td className={td}>
                <Link
                  to="/admin/courses/$slug/analytics"
                  params={{ slug: c.slug }}
                  className="link inline-flex items-center gap-1"
                  aria-label={`Analytics of ${c.title}`}
                >
                  <Icon name="chart" className="size-4" />
                  View
                </Link>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </Section>
  );
}

const MAIL_STATUS: Record<MailStatus, string> = {
  captured: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  pending: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  sent: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
};

/** Outgoing mail, newest first: captured here without SMTP, or the delivery log with it. */
function MailboxSection() {
  const mail = useInfiniteQuery({
    queryKey: qk.admin("mailbox"),
    queryFn: ({ pageParam }) => api.adminMailbox({ cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const messages = mail.data?.pages.flatMap((p) => p.messages) ?? [];
  const mode = mail.data?.pages[0]?.mode;
  return (
    <Section id="admin-mailbox" title="Mailbox" icon={<Icon name="mail" className="size-5 text-slate-400" />}>
      {mail.isPending ? (
        <Loading label="Loading the mailbox…" />
      ) : mail.isError && !mail.data ? (
        <ErrorNotice error={mail.error} title="Could not load the mailbox" onRetry={() => mail.refetch()} />
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {mode === "smtp"
                ? "Mail is delivered through the configured SMTP server; this is its log."
                : "No SMTP server is configured: mail is captured here instead of being sent."}
            </p>
            <button
              type="button"
              className="btn-secondary py-1.5"
              onClick={() => mail.refetch()}
              disabled={mail.isFetching}
            >
              {mail.isFetching ? <Spinner /> : <Icon name="reset" className="size-4" />}
              Refresh
            </button>
          </div>
          {messages.length === 0 ? (
            <EmptyState title="No mail yet">
              Emails for finished courses and weekly digests appear here.
            </EmptyState>
          ) : (
            <ul aria-label="Emails" className="card divide-y divide-slate-200 dark:divide-slate-800">
              {messages.map((m) => (
                <MailRow key={m.id} message={m} />
              ))}
            </ul>
          )}
          {mail.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <button
                type="button"
                className="btn-secondary"
                onClick={() => mail.fetchNextPage()}
                disabled={mail.isFetchingNextPage}
              >
                {mail.isFetchingNextPage ? <Spinner /> : null}
                {mail.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            </div>
          ) : null}
          {mail.isFetchNextPageError ? (
            <ErrorNotice error={mail.error} title="Could not load more mail" className="mt-4" />
          ) : null}
        </>
      )}
    </Section>
  );
}

function MailRow({ message: m }: { message: MailMessage }) {
  return (
    <li>
      <details className="group">
        <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800/40 [&::-webkit-details-marker]:hidden">
          <Icon
            name="chevronRight"
            className="mt-0.5 size-4 shrink-0 text-slate-400 transition-transform group-open:rotate-90"
          />
          <span className="min-w-0 flex-1">
            <span className="block truncate font-medium">{m.subject}</span>
            <span className="block truncate text-sm text-slate-600 dark:text-slate-400">
              <span className="sr-only">To </span>
              {m.to}
            </span>
          </span>
          <span className="flex shrink-0 flex-col items-end gap-1 text-right">
            <span className={`badge ${MAIL_STATUS[m.status]}`}>{m.status}</span>
            <time
              dateTime={m.createdAt}
              title={formatDateTime(m.createdAt)}
              className="text-xs text-slate-500 dark:text-slate-400"
            >
              {formatRelative(m.createdAt)}
            </time>
          </span>
        </summary>
        <div className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            <dt>Kind</dt>
            <dd className="font-mono">{m.kind}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(m.createdAt)}</dd>
            {m.sentAt ? (
              <>
                <dt>Sent</dt>
                <dd>{formatDateTime(m.sentAt)}</dd>
              </>
            ) : null}
            {m.attempts > 0 ? (
              <>
                <dt>Attempts</dt>
                <dd>{m.attempts}</dd>
              </>
            ) : null}
            {m.error ? (
              <>
                <dt>Error</dt>
                <dd className="text-red-700 dark:text-red-400">{m.error}</dd>
              </>
            ) : null}
          </dl>
          <pre className="mt-3 max-h-96 overflow-auto rounded-lg bg-slate-50 p-3 font-sans text-sm whitespace-pre-wrap text-slate-800 dark:bg-slate-950/60 dark:text-slate-200">
            {m.text}
          </pre>
        </div>
      </details>
    </li>
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
