import { AppError, type FieldIssue } from "../../platform/errors.ts";
import type { RunnerLimits } from "./types.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** Defaults: compile 10 s, run 5 s, memory 256 MiB, output 1 MiB, 64 processes, 20 files of at most 256 KiB. */
export const defaultLimits: RunnerLimits = Object.freeze({
  compileMs: 10_000,
  runMs: 5_000,
  memoryBytes: 256 * MiB,
  outputBytes: 1 * MiB,
  processes: 64,
  maxFiles: 20,
  maxFileBytes: 256 * KiB,
});

/**
 * Hard ceilings no configuration or request may exceed: a request may ask for a longer run
 * (an exercise with a slow algorithm), but one request must not be able to occupy a worker
 * or the host's memory indefinitely.
 */
export const ceilingLimits: RunnerLimits = Object.freeze({
  compileMs: 120_000,
  runMs: 60_000,
  memoryBytes: 4096 * MiB,
  outputBytes: 16 * MiB,
  processes: 1024,
  maxFiles: 100,
  maxFileBytes: 4 * MiB,
});

/** Lower bounds below which the Go toolchain or runtime cannot work at all. */
const floorLimits: RunnerLimits = Object.freeze({
  compileMs: 100,
  runMs: 50,
  memoryBytes: 16 * MiB,
  outputBytes: 1 * KiB,
  processes: 16,
  maxFiles: 1,
  maxFileBytes: 1,
});

const limitKeys = Object.keys(defaultLimits) as (keyof RunnerLimits)[];

/**
 * Layer partial limits over a base, rejecting non-numbers and clamping to [floor, ceiling].
 * `where` names the field path used in error details (e.g. "limits").
 */
export function resolveLimits(
  base: RunnerLimits,
  override: Partial<RunnerLimits> | undefined,
  where = "limits",
): RunnerLimits {
  const out: RunnerLimits = { ...base };
  if (override === undefined || override === null) return out;
  if (typeof override !== "object") {
    throw new AppError("bad_request", "limits must be an object", {
      details: [{ path: where, message: "must be an object" }],
    });
  }
  const issues: FieldIssue[] = [];
  for (const key of limitKeys) {
    const v: unknown = override[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      issues.push({ path: `${where}.${key}`, message: "must be a positive number" });
      continue;
    }
    out[key] = Math.min(ceilingLimits[key], Math.max(floorLimits[key], Math.floor(v)));
  }
  if (issues.length > 0) throw new AppError("bad_request", "Invalid runner limits", { details: issues });
  return out;
}
