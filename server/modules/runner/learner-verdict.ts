import type { Verdict as LearnerVerdict } from "../../../common/api.ts";
import type { Verdict } from "./types.ts";

/** What a learner is shown of a verdict: no build timings, toolchain or sandbox details. */
export function learnerVerdict(v: Verdict): LearnerVerdict {
  return {
    status: v.status,
    tests: v.tests,
    compileErrors: v.compileErrors,
    output: v.output,
    message: v.message,
    durationMs: v.durationMs,
    cached: v.cached,
  };
}
