import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { api } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { qk } from "../queries.ts";
import { Icon, Spinner } from "./Icon.tsx";
import { Markdown } from "./Markdown.tsx";
import { ErrorNotice } from "./Status.tsx";

/** Hints are revealed one at a time so learners only take as much help as they need. */
export function HintsPanel({ exerciseId, total }: { exerciseId: string; total: number }) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const hints = useQuery({
    queryKey: qk.hints(exerciseId),
    queryFn: () => api.hints(exerciseId),
    enabled: Boolean(user),
  });
  const reveal = useMutation({
    mutationFn: () => api.revealHint(exerciseId),
    onSuccess: (h) => queryClient.setQueryData(qk.hints(exerciseId), h),
  });

  if (total === 0) return null;
  const revealed = hints.data?.revealed ?? [];
  const remaining = (hints.data?.total ?? total) - revealed.length;

  return (
    <section aria-labelledby="hints-heading" className="card p-5">
      <div className="flex items-center justify-between gap-3">
        <h2 id="hints-heading" className="flex items-center gap-2 font-semibold">
          <Icon name="bulb" className="size-5 text-amber-500" /> Hints
        </h2>
        {user && hints.data ? (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {revealed.length} of {hints.data.total} revealed
          </span>
        ) : null}
      </div>
      {!user ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          <Link to="/login" search={{ redirect: `/exercises/${exerciseId}` }} className="link">
            Log in
          </Link>{" "}
          to reveal hints ({total} available).
        </p>
      ) : hints.isError ? (
        <ErrorNotice error={hints.error} title="Could not load hints" className="mt-3" />
      ) : (
        <>
          {revealed.length ? (
            <ol className="mt-3 space-y-3" aria-live="polite">
              {revealed.map((h, i) => (
                <li
                  // biome-ignore lint/suspicious/noArrayIndexKey: hints are append-only; position is their identity.
                  key={i}
                  className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm dark:border-amber-900/60 dark:bg-amber-950/30"
                >
                  <p className="mb-1 text-xs font-semibold text-amber-800 uppercase dark:text-amber-300">
                    Hint {i + 1}
                  </p>
                  <Markdown source={h} className="text-sm" />
                </li>
              ))}
            </ol>
          ) : (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              Stuck? Reveal a hint. Try on your own first — each hint gives a little more away.
            </p>
          )}
          {reveal.isError ? (
            <ErrorNotice error={reveal.error} title="Could not reveal a hint" className="mt-3" />
          ) : null}
          {remaining > 0 ? (
            <button
              type="button"
              className="btn-secondary mt-4"
              onClick={() => reveal.mutate()}
              disabled={reveal.isPending || hints.isPending}
            >
              {reveal.isPending ? <Spinner /> : null}
              {revealed.length ? `Reveal hint ${revealed.length + 1}` : "Reveal first hint"}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
