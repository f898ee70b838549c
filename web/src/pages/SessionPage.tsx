import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { api, isApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { Breadcrumbs } from "../components/Breadcrumbs.tsx";
import { Icon, Spinner } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { LiveBadge } from "../components/LiveBadge.tsx";
import { Markdown } from "../components/Markdown.tsx";
import { SessionEditor } from "../components/SessionEditor.tsx";
import { ErrorNotice, Loading } from "../components/Status.tsx";
import { summarizeVerdict, VerdictPanel } from "../components/VerdictPanel.tsx";
import { formatDateTime } from "../lib/format.ts";
import { colorFor, fileText, type MemberState, SessionSync } from "../lib/sessionSync.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { type SessionRoom, sendToRoom, useLiveChannel } from "../live.ts";
import { useExercise } from "../queries.ts";
import type { SessionDetail, SessionMessage, SessionPush, SessionRun, SessionUser } from "../types.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";

const route = getRouteApi("/sessions/$id");

export function SessionPage() {
  const { id } = route.useParams();
  const { user } = useAuth();
  // Opening the link joins the session (the server does nothing the second time).
  const session = useQuery({
    queryKey: ["session", id, user?.id ?? ""],
    queryFn: () => api.joinSession(id),
    enabled: Boolean(user),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  useDocumentTitle(session.data ? `Live session: ${session.data.exerciseTitle}` : "Live session");
  if (!user)
    return (
      <Page>
        <div className="card mx-auto max-w-lg p-6 text-center">
          <h1 className="text-xl font-semibold">Join a live coding session</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Log in to code together with the others in this session.
          </p>
          <Link to="/login" search={{ redirect: `/sessions/${id}` }} className="btn-primary mt-4 inline-flex">
            Log in to join
          </Link>
        </div>
      </Page>
    );
  if (session.isPending) return <Page wide>{<Loading label="Joining the session…" />}</Page>;
  if (session.isError) {
    if (isApiError(session.error) && session.error.status === 404) return <NotFoundPage what="session" />;
    return (
      <Page wide>
        <ErrorNotice
          error={session.error}
          title="Could not join this session"
          onRetry={() => session.refetch()}
        />
      </Page>
    );
  }
  return (
    <SessionView
      key={`${id}:${user.id}`}
      initial={session.data}
      me={{ userId: user.id, displayName: user.displayName }}
      moderator={user.role === "admin" || user.role === "instructor"}
    />
  );
}

type Running = { by: SessionUser; since: number } | null;

function SessionView({
  initial,
  me,
  moderator,
}: {
  initial: SessionDetail;
  me: SessionUser;
  moderator: boolean;
}) {
  const queryClient = useQueryClient();
  const room: SessionRoom = `session:${initial.id}`;
  const exercise = useExercise(initial.exerciseId);
  const [detail, setDetail] = useState(initial);
  const [lastRun, setLastRun] = useState<SessionRun | null>(initial.lastRun);
  const [running, setRunning] = useState<Running>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [messages, setMessages] = useState<SessionMessage[]>(initial.messages);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const isHost = detail.host.userId === me.userId;
  const [following, setFollowing] = useState(!isHost);
  const ended = detail.endedAt !== null;

  // The document and cursors: one SessionSync per mounted view (React may mount twice in development).
  const [sync, setSync] = useState<SessionSync | null>(null);
  const syncRef = useRef<SessionSync | null>(null);
  useEffect(() => {
    const s = new SessionSync((data) => sendToRoom(room, data));
    const { color, light } = colorFor(me.userId);
    s.awareness.setLocalStateField("user", { name: me.displayName, color, colorLight: light, id: me.userId });
    syncRef.current = s;
    setSync(s);
    s.start();
    return () => {
      syncRef.current = null;
      s.destroy();
    };
  }, [room, me.userId, me.displayName]);

  const onPush = useCallback((p: SessionPush) => {
    switch (p.kind) {
      case "running":
        setRunning({ by: p.by, since: Date.now() });
        setRunError(null);
        setAnnouncement(`${p.by.displayName} is running the tests…`);
        break;
      case "run":
        setRunning(null);
        setLastRun((old) => (old?.id === p.run.id ? old : p.run));
        setAnnouncement(
          `Tests finished (run by ${p.run.by.displayName}): ${summarizeVerdict(p.run.verdict)}.`,
        );
        break;
      case "run_failed":
        setRunning(null);
        setRunError(`${p.by.displayName}'s run could not finish: ${p.message}`);
        break;
      case "message":
        setMessages((old) =>
          old.some((m) => m.id === p.message.id) ? old : [...old, p.message].slice(-200),
        );
        break;
      case "joined":
        setDetail((d) =>
          d.participants.some((x) => x.userId === p.user.userId)
            ? d
            : { ...d, participants: [...d.participants, { ...p.user, joinedAt: new Date().toISOString() }] },
        );
        break;
      case "ended":
        setDetail((d) => ({ ...d, endedAt: p.endedAt }));
        setNotice(`${p.by.displayName} ended the session. The code is kept, read-only.`);
        break;
      case "reopened":
        setDetail((d) => ({ ...d, endedAt: null }));
        setNotice(`${p.by.displayName} reopened the session.`);
        break;
    }
  }, []);

  useLiveChannel(
    room,
    (data) => {
      const s = syncRef.current;
      if (s?.receive(data)) return;
      if ("kind" in data && data.kind === "error") {
        if (data.code === "read_only") setNotice("The session has ended: the code is read-only.");
        else if (data.code === "too_large") setNotice(data.message);
        return;
      }
      if ("kind" in data) onPush(data as SessionPush);
    },
    {
      // After every (re)connection: exchange what each side lacks, and catch up on what was missed.
      onSubscribed: () => {
        syncRef.current?.start();
        void api.joinSession(initial.id).then(
          (d) => {
            setDetail(d);
            setMessages(d.messages);
            setLastRun((old) => d.lastRun ?? old);
          },
          () => undefined,
        );
      },
    },
  );

  // A run whose end never reached us (its server went away): stop showing it as running.
  useEffect(() => {
    if (running === null) return;
    const t = setTimeout(() => setRunning(null), 120_000);
    return () => clearTimeout(t);
  }, [running]);

  const run = useMutation({
    mutationFn: () => {
      const s = syncRef.current;
      if (!s) throw new Error("The session is still connecting");
      const files: Record<string, string> = {};
      for (const name of detail.files) files[name] = fileText(s.doc, name).toString();
      return api.runSession(initial.id, files);
    },
    onMutate: () => setRunError(null),
    onSuccess: (r) => {
      setRunning(null);
      setLastRun(r);
    },
    onError: (e) => {
      setRunning(null);
      setRunError(e.message);
    },
  });
  const runTests = useCallback(() => {
    if (!ended && !run.isPending) run.mutate();
  }, [ended, run]);

  const end = useMutation({
    mutationFn: () => (ended ? api.reopenSession(initial.id) : api.endSession(initial.id)),
    onSuccess: (d) => {
      setDetail(d);
      void queryClient.invalidateQueries({ queryKey: ["sessions"] });
    },
  });

  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}/sessions/${initial.id}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };

  const here = useHere(sync, me);

  return (
    <Page wide>
      <Breadcrumbs
        items={[
          { label: "Courses", to: "/courses" },
          ...(exercise.data
            ? [
                {
                  label: exercise.data.courseTitle,
                  to: "/courses/$slug" as const,
                  slug: exercise.data.courseSlug,
                },
              ]
            : []),
          { label: "Live session" },
        ]}
      />
      <header className="mt-4 mb-6 flex flex-col gap-4 sm:flex-row sm:items-start">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
            <Icon name="users" className="size-4" /> Live session · hosted by {detail.host.displayName}
            {ended ? (
              <span className="badge bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                Ended
              </span>
            ) : (
              <LiveBadge />
            )}
          </div>
          <h1 className="mt-2 text-3xl font-bold tracking-tight">{detail.exerciseTitle}</h1>
          <Link
            to="/exercises/$id"
            params={{ id: detail.exerciseId }}
            className="mt-1 inline-block text-sm text-brand-700 hover:underline dark:text-brand-300"
          >
            Open the exercise on your own
          </Link>
          <ul aria-label="Here now" className="mt-3 flex flex-wrap gap-2">
            {here.map((u) => (
              <li
                key={u.id}
                className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 px-2.5 py-0.5 text-xs dark:border-slate-700"
              >
                <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: u.color }} />
                {u.name}
                {u.id === detail.host.userId ? " (host)" : ""}
                {u.id === me.userId ? " (you)" : ""}
              </li>
            ))}
          </ul>
        </div>
        <div className="flex w-full flex-col items-stretch gap-2 sm:w-96">
          <label htmlFor="session-link" className="text-xs font-medium text-slate-600 dark:text-slate-400">
            Share this link to invite others
          </label>
          <div className="flex gap-2">
            <input
              id="session-link"
              readOnly
              value={link}
              className="input min-w-0 flex-1 font-mono text-xs"
            />
            <button type="button" className="btn-secondary" onClick={copy}>
              <Icon name="link" className="size-4" /> {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      </header>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {notice ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          {notice}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,4fr)_minmax(0,8fr)]">
        <div className="order-2 flex min-w-0 flex-col gap-6 lg:order-1">
          <SessionChat
            sessionId={initial.id}
            messages={messages}
            me={me}
            onSent={(m) => setMessages((o) => (o.some((x) => x.id === m.id) ? o : [...o, m]))}
          />
          {exercise.data ? (
            <details className="card p-5">
              <summary className="cursor-pointer font-semibold">Instructions</summary>
              <div className="mt-3">
                <Markdown source={exercise.data.instructions} pageTitle={exercise.data.title} />
              </div>
            </details>
          ) : null}
        </div>
        <div className="order-1 flex min-w-0 flex-col gap-6 lg:order-2">
          <section
            aria-label="Shared code"
            className="card overflow-hidden focus-within:ring-2 focus-within:ring-brand-500"
          >
            <div className="h-[min(60vh,32rem)] min-h-72">
              {sync ? (
                <SessionEditor
                  sync={sync}
                  files={detail.files}
                  readOnly={ended}
                  follow={following && !isHost ? { userId: detail.host.userId } : null}
                  onRun={runTests}
                />
              ) : (
                <Loading label="Connecting…" />
              )}
            </div>
            <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50 px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
              <button
                type="button"
                className="btn-primary"
                onClick={runTests}
                disabled={ended || run.isPending || running !== null}
                aria-keyshortcuts="Control+Enter Meta+Enter"
              >
                {run.isPending || running ? <Spinner /> : <Icon name="play" className="size-4" />}
                {running
                  ? `${running.by.displayName} is running…`
                  : run.isPending
                    ? "Running…"
                    : "Run tests together"}
              </button>
              {!isHost ? (
                <label className="inline-flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={following}
                    onChange={(e) => setFollowing(e.target.checked)}
                  />
                  <Icon name="eye" className="size-4" /> Follow {detail.host.displayName}
                </label>
              ) : null}
              {isHost || moderator ? (
                <button
                  type="button"
                  className="btn-ghost ml-auto px-3 py-1.5"
                  onClick={() => end.mutate()}
                  disabled={end.isPending}
                >
                  {ended ? "Reopen session" : "End session"}
                </button>
              ) : null}
            </div>
            {end.isError ? (
              <ErrorNotice error={end.error} title="Could not change the session" className="m-4" />
            ) : null}
          </section>
          <section
            aria-labelledby="session-results"
            aria-busy={running !== null}
            className="card overflow-hidden"
          >
            <h2
              id="session-results"
              className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800"
            >
              Test results
              {lastRun ? (
                <span className="ml-2 text-sm font-normal text-slate-500 dark:text-slate-400">
                  run by {lastRun.by.displayName} · {formatDateTime(lastRun.at)}
                </span>
              ) : null}
            </h2>
            {running ? (
              <Loading label={`${running.by.displayName} is running the tests…`} className="px-4 py-8" />
            ) : runError ? (
              <p role="alert" className="px-4 py-6 text-sm text-red-700 dark:text-red-300">
                {runError}
              </p>
            ) : lastRun ? (
              <VerdictPanel verdict={lastRun.verdict} />
            ) : (
              <p className="px-4 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
                Anyone here can run the tests; everyone sees the result.
              </p>
            )}
          </section>
        </div>
      </div>
    </Page>
  );
}

/** Who is connected now (from the cursors' awareness states), you first. */
function useHere(
  sync: SessionSync | null,
  me: SessionUser,
): Array<{ id: string; name: string; color: string }> {
  const [, bump] = useState(0);
  useEffect(() => {
    if (!sync) return;
    const on = () => bump((n) => n + 1);
    sync.awareness.on("change", on);
    return () => sync.awareness.off("change", on);
  }, [sync]);
  const out = [{ id: me.userId, name: me.displayName, color: colorFor(me.userId).color }];
  if (!sync) return out;
  for (const state of sync.others().values()) {
    const u = (state as MemberState).user;
    if (!u?.id || out.some((x) => x.id === u.id)) continue;
    out.push({ id: u.id, name: u.name ?? "Someone", color: u.color ?? "#64748b" });
  }
  return out;
}

function SessionChat({
  sessionId,
  messages,
  me,
  onSent,
}: {
  sessionId: string;
  messages: SessionMessage[];
  me: SessionUser;
  onSent(m: SessionMessage): void;
}) {
  const [text, setText] = useState("");
  const listRef = useRef<HTMLOListElement>(null);
  const send = useMutation({
    mutationFn: (body: string) => api.postSessionMessage(sessionId, body),
    onSuccess: (m) => {
      setText("");
      onSent(m);
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever a message arrives.
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== "" && !send.isPending) send.mutate(text);
  };
  return (
    <section aria-labelledby="session-chat" className="card flex flex-col overflow-hidden">
      <h2
        id="session-chat"
        className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800"
      >
        Session chat
      </h2>
      <ol
        ref={listRef}
        aria-live="polite"
        className="max-h-80 min-h-32 flex-1 space-y-2 overflow-y-auto px-4 py-3"
      >
        {messages.length === 0 ? (
          <li className="text-sm text-slate-500 dark:text-slate-400">No messages yet. Say hello.</li>
        ) : null}
        {messages.map((m) => (
          <li key={m.id} className="text-sm">
            <span className="font-medium" style={{ color: colorFor(m.userId).color }}>
              {m.userId === me.userId ? "You" : m.authorName}
            </span>{" "}
            <span className="text-xs text-slate-400">{formatDateTime(m.createdAt)}</span>
            <p className="whitespace-pre-wrap break-words">{m.body}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="flex gap-2 border-t border-slate-200 p-3 dark:border-slate-800">
        <label htmlFor="session-chat-input" className="sr-only">
          Message
        </label>
        <input
          id="session-chat-input"
          className="input min-w-0 flex-1"
          value={text}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
          placeholder="Message the session"
        />
        <button type="submit" className="btn-secondary" disabled={send.isPending || text.trim() === ""}>
          Send
        </button>
      </form>
      {send.isError ? (
        <p role="alert" className="px-3 pb-3 text-xs text-red-700 dark:text-red-300">
          {send.error.message}
        </p>
      ) : null}
    </section>
  );
}
