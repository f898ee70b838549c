/**
 * A browser-side copy of the learner's code, kept until the server confirms the save, so nothing
 * typed is lost to a closed tab, a crash or a network outage.
 */
import type { Files } from "../types.ts";

export interface LocalDraft {
  files: Files;
  /** When the learner last typed (ms since epoch, browser clock). */
  editedAt: number;
}

const key = (userId: string | null, exerciseId: string) =>
  `gopro:draft:${userId ?? "anonymous"}:${exerciseId}`;

export function readLocalDraft(userId: string | null, exerciseId: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key(userId, exerciseId));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (
      parsed &&
      typeof parsed === "object" &&
      "files" in parsed &&
      "editedAt" in parsed &&
      typeof parsed.editedAt === "number" &&
      parsed.files &&
      typeof parsed.files === "object" &&
      Object.values(parsed.files).every((v) => typeof v === "string")
    ) {
      return { files: parsed.files as Files, editedAt: parsed.editedAt };
    }
  } catch {
    // Corrupt or unavailable storage: behave as if there were no local copy.
  }
  return null;
}

export function writeLocalDraft(userId: string | null, exerciseId: string, files: Files): void {
  try {
    localStorage.setItem(key(userId, exerciseId), JSON.stringify({ files, editedAt: Date.now() }));
  } catch {
    // Quota exceeded or storage disabled; the server save still runs.
  }
}

export function clearLocalDraft(userId: string | null, exerciseId: string): void {
  try {
    localStorage.removeItem(key(userId, exerciseId));
  } catch {
    // Nothing to clean up.
  }
}

export const sameFiles = (a: Files, b: Files): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};
