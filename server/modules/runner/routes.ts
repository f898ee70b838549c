import { AdminRunnerStatus, ErrorEnvelope, RunnerPublicStatus } from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import type { Runner, RunnerStatus } from "./index.ts";

/** What a learner is told about running code on this server. */
export function publicStatus(s: RunnerStatus): RunnerPublicStatus {
  const message = !s.goAvailable
    ? "Go is not installed on this server, so exercises cannot be run. Install Go 1.22 or newer and restart."
    : !s.canRunUntrusted
      ? "No sandbox is available and the server is not bound to loopback, so learner code is not run."
      : s.sandbox === "none"
        ? "Code runs without a sandbox: fine for one learner on their own machine, not for a shared server."
        : `Code runs in a ${s.sandbox} sandbox with no network.`;
  return {
    goAvailable: s.goAvailable,
    goVersion: s.goVersion,
    sandbox: s.sandbox,
    canRun: s.goAvailable && s.canRunUntrusted,
    message,
  };
}

export function runnerRoutes(app: HttpApp, runner: Runner): void {
  app.get(
    "/api/v1/runner/status",
    {
      schema: {
        tags: ["runner"],
        summary: "Can this server run Go code?",
        response: { 200: RunnerPublicStatus },
      },
    },
    async () => publicStatus(runner.status()),
  );
  app.get(
    "/api/v1/admin/runner",
    {
      config: { auth: "admin" },
      schema: {
        tags: ["admin"],
        security: [{ bearer: [] }],
        response: { 200: AdminRunnerStatus, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async () => {
      const s = runner.status();
      return {
        goAvailable: s.goAvailable,
        goVersion: s.goVersion,
        sandbox: s.sandbox,
        sandboxDetail: s.sandboxDetail,
        queued: s.queued,
        running: s.running,
        workers: s.workers,
        maxQueue: s.maxQueue,
        canRunUntrusted: s.canRunUntrusted,
      };
    },
  );
}
