import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, isApiError } from "../api.ts";
import type { Files } from "../types.ts";
import { clearLocalDraft, writeLocalDraft } from "./draftStore.ts";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: string | null }
  | { kind: "retrying"; error: ApiError; retryInSec: number }
  | { kind: "failed"; error: ApiError }
  | { kind: "local" };

const DEBOUNCE_MS = 800;
const MAX_BACKOFF_S = 30;

const asApiError = (e: unknown): ApiError =>
  isApiError(e)
    ? e
    : new ApiError({ status: 0, code: "error", message: e instanceof Error ? e.message : String(e) });

/**
 * Debounced draft autosave. Every change is written to localStorage at once; the server PUT follows
 * after a pause in typing. Failures retry with exponential backoff, and the local copy is only
 * removed once the server has confirmed exactly the content currently in the editor.
 */
export function useDraftAutosave(exerciseId: string, userId: string | null) {
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const unsaved = useRef<Files | null>(null);
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const failures = useRef(0);
  const ids = useRef({ exerciseId, userId });
  ids.current = { exerciseId, userId };

  const save = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    const { exerciseId: ex, userId: uid } = ids.current;
    if (!uid) return;
    if (inflight.current) {
      // One PUT at a time; whatever changed meanwhile is sent when the current one settles.
      await inflight.current;
      if (unsaved.current) return save();
      return;
    }
    const snapshot = unsaved.current;
    if (!snapshot) return;
    setStatus({ kind: "saving" });
    const run = (async () => {
      try {
        const draft = await api.saveDraft(ex, snapshot);
        failures.current = 0;
        if (unsaved.current === snapshot) {
          unsaved.current = null;
          clearLocalDraft(uid, ex);
          setStatus({ kind: "saved", at: draft.updatedAt });
        }
      } catch (e) {
        const error = asApiError(e);
        // Validation and size errors will not fix themselves by retrying the same content.
        if (error.status === 400 || error.status === 413 || error.status === 404) {
          setStatus({ kind: "failed", error });
          return;
        }
        failures.current += 1;
        const delay = Math.min(MAX_BACKOFF_S, error.retryAfter ?? 2 ** failures.current);
        setStatus({ kind: "retrying", error, retryInSec: delay });
        timer.current = setTimeout(() => void save(), delay * 1000);
      }
    })();
    inflight.current = run;
    await run;
    inflight.current = null;
    if (unsaved.current && unsaved.current !== snapshot && failures.current === 0) await save();
  }, []);

  /** Record new editor content: local copy now, server copy after a short pause. */
  const change = useCallback(
    (files: Files) => {
      const { exerciseId: ex, userId: uid } = ids.current;
      unsaved.current = files;
      writeLocalDraft(uid, ex, files);
      if (!uid) {
        setStatus({ kind: "local" });
        return;
      }
      clearTimeout(timer.current);
      setStatus((s) => (s.kind === "retrying" ? s : { kind: "pending" }));
      timer.current = setTimeout(() => void save(), failures.current ? 2000 : DEBOUNCE_MS);
    },
    [save],
  );

  /** Save now (before running tests, on leaving the page). */
  const flush = useCallback(() => (unsaved.current ? save() : Promise.resolve()), [save]);

  /** The server already holds this content (after reset / initial load): nothing left to save. */
  const markSaved = useCallback((at: string | null) => {
    clearTimeout(timer.current);
    unsaved.current = null;
    failures.current = 0;
    clearLocalDraft(ids.current.userId, ids.current.exerciseId);
    setStatus(at ? { kind: "saved", at } : { kind: "idle" });
  }, []);

  useEffect(() => {
    const retryNow = () => {
      if (unsaved.current) void save();
    };
    window.addEventListener("online", retryNow);
    return () => {
      window.removeEventListener("online", retryNow);
      clearTimeout(timer.current);
      // Leaving the page: push what is pending; the local copy covers us if this fails.
      if (unsaved.current) void save();
    };
  }, [save]);

  return { status, change, flush, markSaved };
}
