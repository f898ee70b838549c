import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type ApiError, api, isApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { AttemptHistory } from "../components/AttemptHistory.tsx";
import { DifficultyBadge } from "../components/Badges.tsx";
import { Breadcrumbs } from "../components/Breadcrumbs.tsx";
import { CodeEditor, type CodeEditorHandle } from "../components/CodeEditor.tsx";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { EnrollButton } from "../components/EnrollButton.tsx";
import { HintsPanel } from "../components/HintsPanel.tsx";
import { Icon, Spinner } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { Markdown } from "../components/Markdown.tsx";
import { AlsoHere } from "../components/Presence.tsx";
import { PrevNext } from "../components/PrevNext.tsx";
import { RunnerBanner } from "../components/RunnerBanner.tsx";
import { SaveIndicator } from "../components/SaveIndicator.tsx";
import { ErrorNotice, Loading } from "../components/Status.tsx";
import { summarizeVerdict, VerdictPanel } from "../components/VerdictPanel.tsx";
import { readLocalDraft, sameFiles } from "../lib/draftStore.ts";
import { formatDateTime, formatMinutes } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useDraftAutosave } from "../lib/useDraftAutosave.ts";
import { qk, refreshProgress, useExercise, useIsEnrolled, useRunnerStatus } from "../queries.ts";
import type {
  Attempt,
  AttemptList,
  AttemptSummary,
  CompileDiagnostic,
  Draft,
  Exercise,
  Files,
} from "../types.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";

const route = getRouteApi("/exercises/$id");
const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const runShortcut = isMac ? "⌘ Enter" : "Ctrl Enter";

export function ExercisePage() {
  const { id } = route.useParams();
  const { user } = useAuth();
  const exercise = useExercise(id);
  const draft = useQuery({
    queryKey: qk.draft(id),
    queryFn: () => api.draft(id),
    enabled: Boolean(user),
    // The editor owns the content after load; never overwrite typing with a background refetch.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  useDocumentTitle(exercise.data?.title ?? "Exercise");

  if (exercise.isPending || (user && draft.isPending)) {
    return (
      <Page wide>
        <Loading label="Loading exercise…" />
      </Page>
    );
  }
  if (exercise.isError) {
    if (isApiError(exercise.error) && exercise.error.status === 404) return <NotFoundPage what="exercise" />;
    return (
      <Page wide>
        <ErrorNotice
          error={exercise.error}
          title="Could not load this exercise"
          onRetry={() => exercise.refetch()}
        />
      </Page>
    );
  }
  if (user && draft.isError) {
    return (
      <Page wide>
        <ErrorNotice
          error={draft.error}
          title="Could not load your saved code"
          onRetry={() => draft.refetch()}
        />
      </Page>
    );
  }
  return (
    <ExerciseView key={`${exercise.data.id}:${user?.id ?? ""}`} exercise={exercise.data} draft={draft.data} />
  );
}

/**
 * Which code to open with: the browser copy wins if it is newer than the server's draft (it holds
 * typing the server never confirmed); otherwise the server draft, else the starter.
 */
function initialFiles(exercise: Exercise, userId: string | null, draft: Draft | undefined) {
  const server = draft?.files ?? exercise.starter;
  const local = readLocalDraft(userId, exercise.id);
  const serverTime = draft?.updatedAt ? Date.parse(draft.updatedAt) : 0;
  const useLocal = local && !sameFiles(local.files, server) && local.editedAt >= serverTime;
  const files: Files = { ...exercise.starter, ...server, ...(useLocal ? local.files : {}) };
  // Only files the exercise knows about are editable.
  for (const name of Object.keys(files))
    if (!(name in exercise.starter) && !(name in server)) delete files[name];
  return { files, fromLocal: Boolean(useLocal) };
}

type Shown = { attempt: Attempt; source: "run" | "history" };

function ExerciseView({ exercise, draft }: { exercise: Exercise; draft: Draft | undefined }) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const runner = useRunnerStatus();
  const enrolled = useIsEnrolled(exercise.courseId, exercise.courseSlug);
  const editorRef = useRef<CodeEditorHandle>(null);
  const [start] = useState(() => initialFiles(exercise, user?.id ?? null, draft));
  const autosave = useDraftAutosave(exercise.id, user?.id ?? null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [selectedAttemptId, setSelectedAttemptId] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [busyUntil, setBusyUntil] = useState(0);
  const [announcement, setAnnouncement] = useState("");

  // Restored unsynced browser copy: push it to the server now. Otherwise we start in sync.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once for the initial content.
  useEffect(() => {
    if (start.fromLocal) autosave.change(start.files);
    else autosave.markSaved(draft?.updatedAt ?? null);
  }, []);

  const canRun = Boolean(user) && enrolled !== false && runner.data?.canRun !== false;

  const run = useMutation({
    mutationFn: (files: Files) => api.runAttempt(exercise.id, files),
    onMutate: () => setAnnouncement("Running tests…"),
    onSuccess: (attempt) => {
      setShown({ attempt, source: "run" });
      setSelectedAttemptId(null);
      editorRef.current?.showDiagnostics(attempt.verdict.compileErrors);
      setAnnouncement(`Tests finished: ${summarizeVerdict(attempt.verdict)}.`);
      // Show the new attempt in the history at once; the refetch then confirms it.
      queryClient.setQueryData<AttemptList>(qk.attempts(exercise.id), (old) => ({
        attempts: [attemptSummary(attempt), ...(old?.attempts ?? []).filter((a) => a.id !== attempt.id)],
      }));
      void queryClient.invalidateQueries({ queryKey: qk.attempts(exercise.id) });
      refreshProgress(queryClient, exercise.courseSlug);
    },
    onError: (error) => {
      setAnnouncement(`Could not run the tests: ${error.message}`);
      if (isApiError(error) && error.status === 429) {
        setBusyUntil(Date.now() + (error.retryAfter ?? 5) * 1000);
      }
      if (isApiError(error) && error.status === 403) {
        void queryClient.invalidateQueries({ queryKey: qk.enrollments });
      }
      if (isApiError(error) && error.code === "runner_unavailable") {
        void queryClient.invalidateQueries({ queryKey: qk.runnerStatus });
      }
    },
  });

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (busyUntil <= now) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [busyUntil, now]);
  const busySecs = Math.max(0, Math.ceil((busyUntil - now) / 1000));

  const runTests = useCallback(() => {
    const editor = editorRef.current;
    if (!editor || !canRun || run.isPending || busyUntil > Date.now()) return;
    void autosave.flush();
    run.mutate(editor.getFiles());
  }, [canRun, run, busyUntil, autosave]);

  // Ctrl/Cmd+Enter anywhere on the page (the editor handles it itself when focused).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.key !== "Enter" || !(e.metaKey || e.ctrlKey)) return;
      e.preventDefault();
      runTests();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runTests]);

  const past = useQuery({
    queryKey: qk.attempt(exercise.id, selectedAttemptId ?? ""),
    queryFn: () => api.attempt(exercise.id, selectedAttemptId ?? ""),
    enabled: Boolean(selectedAttemptId),
    staleTime: Number.POSITIVE_INFINITY,
  });
  useEffect(() => {
    if (past.data && past.data.id === selectedAttemptId) setShown({ attempt: past.data, source: "history" });
  }, [past.data, selectedAttemptId]);

  const reset = useMutation({
    mutationFn: async (): Promise<Draft> =>
      user ? api.resetDraft(exercise.id) : { files: exercise.starter, updatedAt: null },
    onSuccess: (d) => {
      editorRef.current?.setFiles(d.files);
      editorRef.current?.showDiagnostics([]);
      autosave.markSaved(d.updatedAt);
      if (!user) autosave.change(d.files);
    },
  });

  const navigate = useNavigate();
  // A live session starts from the code in the editor; its page then has the link to share.
  const startSession = useMutation({
    mutationFn: () => api.startSession(exercise.id, editorRef.current?.getFiles()),
    onSuccess: (s) => navigate({ to: "/sessions/$id", params: { id: s.id } }),
  });

  const reveal = (d: CompileDiagnostic) => editorRef.current?.reveal(d.file, d.line, d.column);

  const restoreAttempt = (a: Attempt) => {
    editorRef.current?.setFiles({ ...a.files });
    editorRef.current?.showDiagnostics(a.verdict.compileErrors);
  };

  const runDisabledReason = useMemo(() => {
    if (!user) return null;
    if (runner.data && !runner.data.canRun) return runner.data.message;
    if (busySecs > 0) return `The test runner is busy. Try again in ${busySecs} s.`;
    return null;
  }, [user, runner.data, busySecs]);

  return (
    <Page wide>
      <Breadcrumbs
        items={[
          { label: "Courses", to: "/courses" },
          { label: exercise.courseTitle, to: "/courses/$slug", slug: exercise.courseSlug },
          { label: exercise.title },
        ]}
      />
      <header className="mt-4 mb-6">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
          <Icon name="code" className="size-4" /> Exercise
          <DifficultyBadge difficulty={exercise.difficulty} />
          <span>· {formatMinutes(exercise.minutes)}</span>
        </div>
        <h1 className="mt-2 text-3xl font-bold tracking-tight">{exercise.title}</h1>
        <AlsoHere courseId={exercise.courseId} item={exercise.id} enabled={enrolled === true} />
        {exercise.concepts.length ? (
          <ul aria-label="Concepts practised" className="mt-3 flex flex-wrap gap-1.5">
            {exercise.concepts.map((c) => (
              <li
                key={c}
                className="badge bg-brand-50 text-brand-800 dark:bg-brand-950/60 dark:text-brand-200"
              >
                {c}
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      {runner.data ? <RunnerBanner status={runner.data} /> : null}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="flex min-w-0 flex-col gap-6">
          <section aria-labelledby="instructions-heading" className="card p-5 sm:p-6">
            <h2 id="instructions-heading" className="mb-3 text-lg font-semibold">
              Instructions
            </h2>
            <Markdown source={exercise.instructions} pageTitle={exercise.title} />
          </section>
          <HintsPanel exerciseId={exercise.id} total={exercise.hintCount} />
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <section
            aria-label="Code"
            className="card overflow-hidden focus-within:ring-2 focus-within:ring-brand-500"
          >
            <div className="h-[min(60vh,32rem)] min-h-72">
              <CodeEditor
                ref={editorRef}
                initialFiles={start.files}
                onChange={autosave.change}
                onRun={runTests}
              />
            </div>
            <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50 px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
              {user && enrolled === false ? (
                <EnrollButton
                  courseSlug={exercise.courseSlug}
                  label={`Enroll in ${exercise.courseTitle} to run tests`}
                />
              ) : user ? (
                <button
                  type="button"
                  className="btn-primary"
                  onClick={runTests}
                  disabled={!canRun || run.isPending || busySecs > 0}
                  aria-keyshortcuts="Control+Enter Meta+Enter"
                  title={`Run tests (${runShortcut})`}
                >
                  {run.isPending ? <Spinner /> : <Icon name="play" className="size-4" />}
                  {run.isPending ? "Running…" : "Run tests"}
                </button>
              ) : (
                <Link to="/login" search={{ redirect: `/exercises/${exercise.id}` }} className="btn-primary">
                  Log in to run tests
                </Link>
              )}
              {user && enrolled !== false ? (
                <kbd className="hidden rounded border border-slate-300 px-1.5 py-0.5 font-mono text-[11px] text-slate-500 sm:inline dark:border-slate-700 dark:text-slate-400">
                  {runShortcut}
                </kbd>
              ) : null}
              <div className="ml-auto flex items-center gap-3">
                <SaveIndicator status={autosave.status} />
                {user && enrolled === true ? (
                  <button
                    type="button"
                    className="btn-ghost px-3 py-1.5"
                    onClick={() => startSession.mutate()}
                    disabled={startSession.isPending}
                    title="Code this exercise together: start a session and share its link"
                  >
                    {startSession.isPending ? <Spinner /> : <Icon name="users" className="size-4" />} Start
                    live session
                  </button>
                ) : null}
                <button type="button" className="btn-ghost px-3 py-1.5" onClick={() => setConfirmReset(true)}>
                  <Icon name="reset" className="size-4" /> Reset to starter
                </button>
              </div>
            </div>
            {runDisabledReason ? (
              <p className="border-t border-slate-200 px-4 py-2 text-xs text-amber-800 dark:border-slate-800 dark:text-amber-300">
                {runDisabledReason}
              </p>
            ) : null}
            <p className="sr-only">Press Escape then Tab to move focus out of the editor.</p>
          </section>

          <ResultSection
            running={run.isPending}
            runError={run.isError ? run.error : null}
            shown={shown}
            historyLoading={Boolean(selectedAttemptId) && past.isPending}
            historyError={past.isError ? past.error : null}
            onReveal={reveal}
            onRestore={restoreAttempt}
            onBackToLatest={() => {
              setSelectedAttemptId(null);
              setShown(run.data ? { attempt: run.data, source: "run" } : null);
            }}
          />

          {user ? (
            <AttemptHistory
              exerciseId={exercise.id}
              selectedId={selectedAttemptId}
              onSelect={(attemptId) => setSelectedAttemptId(attemptId)}
            />
          ) : null}
        </div>
      </div>

      <div className="mt-10">
        <PrevNext
          prev={exercise.prev}
          next={exercise.next}
          course={{ slug: exercise.courseSlug, title: exercise.courseTitle }}
          emphasizeNext={shown?.attempt.passed === true}
        />
      </div>

      <ConfirmDialog
        open={confirmReset}
        title="Reset to the starter code?"
        confirmLabel="Reset code"
        danger
        onCancel={() => setConfirmReset(false)}
        onConfirm={() => {
          setConfirmReset(false);
          reset.mutate();
        }}
      >
        Your current code in {Object.keys(start.files).join(", ")} will be replaced by the starter code. Your
        past attempts are kept.
      </ConfirmDialog>
      {startSession.isError ? (
        <ErrorNotice error={startSession.error} title="Could not start a live session" className="mt-4" />
      ) : null}
      {reset.isError ? (
        <ErrorNotice error={reset.error} title="Could not reset your code" className="mt-4" />
      ) : null}
    </Page>
  );
}

function ResultSection({
  running,
  runError,
  shown,
  historyLoading,
  historyError,
  onReveal,
  onRestore,
  onBackToLatest,
}: {
  running: boolean;
  runError: Error | ApiError | null;
  shown: Shown | null;
  historyLoading: boolean;
  historyError: Error | null;
  onReveal(d: CompileDiagnostic): void;
  onRestore(a: Attempt): void;
  onBackToLatest(): void;
}) {
  let body: ReactNode;
  if (running) {
    body = <RunningIndicator />;
  } else if (historyLoading) {
    body = <Loading label="Loading attempt…" className="px-4 py-8" />;
  } else if (historyError) {
    body = <ErrorNotice error={historyError} title="Could not load that attempt" className="m-4" />;
  } else if (runError && shown?.source !== "history") {
    body = (
      <ErrorNotice
        error={runError}
        title={
          isApiError(runError) && runError.status === 429
            ? "The test runner is busy"
            : "Could not run the tests"
        }
        className="m-4"
      />
    );
  } else if (shown) {
    body = (
      <>
        {shown.source === "history" ? (
          <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm dark:border-slate-800 dark:bg-slate-900">
            <span className="text-slate-600 dark:text-slate-400">
              Attempt from {formatDateTime(shown.attempt.createdAt)}
            </span>
            <span className="ml-auto flex gap-2">
              <button
                type="button"
                className="btn-ghost px-2 py-1 text-xs"
                onClick={() => onRestore(shown.attempt)}
              >
                Load this code into the editor
              </button>
              <button type="button" className="btn-ghost px-2 py-1 text-xs" onClick={onBackToLatest}>
                Close
              </button>
            </span>
          </div>
        ) : null}
        <VerdictPanel
          verdict={shown.attempt.verdict}
          onReveal={shown.source === "run" ? onReveal : undefined}
        />
      </>
    );
  } else {
    body = (
      <p className="px-4 py-8 text-center text-sm text-slate-500 dark:text-slate-400">
        Run the tests to see how your code does. Results appear here.
      </p>
    );
  }
  return (
    <section aria-labelledby="results-heading" aria-busy={running} className="card overflow-hidden">
      <h2
        id="results-heading"
        className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800"
      >
        Test results
      </h2>
      {body}
    </section>
  );
}

/** A first run on a cold server can take a while (Go builds its cache): show that time is passing. */
function RunningIndicator() {
  const [secs, setSecs] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const t = setInterval(() => setSecs(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <div>
      <Loading label="Compiling and running the tests…" className="px-4 pt-8 pb-2" />
      <p className="px-4 pb-6 text-xs text-slate-500 dark:text-slate-400" aria-hidden={secs < 3}>
        {secs >= 3
          ? `${secs} s — the first run after the server starts can take longer while Go warms its cache.`
          : "\u00a0"}
      </p>
    </div>
  );
}

/** The history row of a fresh attempt, counted as the server counts it (groups of subtests are not cases). */
function attemptSummary(a: Attempt): AttemptSummary {
  const tests = a.verdict.tests;
  const cases = tests.filter((t) => !tests.some((o) => o.name.startsWith(`${t.name}/`)));
  return {
    id: a.id,
    createdAt: a.createdAt,
    passed: a.passed,
    status: a.verdict.status,
    testsPassed: cases.filter((t) => t.status === "pass").length,
    testsTotal: cases.length,
  };
}
