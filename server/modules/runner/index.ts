/**
 * The runner: compiles a learner's Go package with the exercise's hidden tests and runs the test
 * binary in a sandbox, returning a per-test verdict. This file is the module's only public surface.
 */
export { learnerVerdict } from "./learner-verdict.ts";
export { defaultLimits } from "./limits.ts";
export { type RunnerMetrics, registerRunnerMetrics } from "./metrics.ts";
export { publicStatus, runnerRoutes } from "./routes.ts";
export { createRunner } from "./runner.ts";
export type {
  CompileDiagnostic,
  Runner,
  RunnerLimits,
  RunnerOptions,
  RunnerStatus,
  RunRequest,
  SandboxKind,
  TestCaseResult,
  TestStatus,
  Verdict,
  VerdictStatus,
} from "./types.ts";
