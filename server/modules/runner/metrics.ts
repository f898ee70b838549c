import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Prometheus instruments of the runner. */
export interface RunnerMetrics {
  /** Jobs waiting for a worker. */
  queueDepth: Gauge<string>;
  /** Jobs running now. */
  running: Gauge<string>;
  /** Seconds per phase: queue (waiting), compile, run, total. */
  phaseSeconds: Histogram<"phase">;
  /** Verdicts by status and whether they came from the cache. */
  verdicts: Counter<"status" | "cached">;
  /**
   * Jobs the sandbox could not start: `spawn` (the process chain did not start), `bwrap`
   * (bubblewrap refused, e.g. namespaces or uids exhausted). Any rise is worth an alert.
   */
  sandboxFailures: Counter<"reason">;
}

const NAMES = {
  queueDepth: "gopro_runner_queue_depth",
  running: "gopro_runner_running_jobs",
  phaseSeconds: "gopro_runner_phase_seconds",
  verdicts: "gopro_runner_verdicts_total",
  sandboxFailures: "gopro_runner_sandbox_failures_total",
} as const;

function existing<T>(registry: Registry | undefined, name: string): T | undefined {
  // Two runners sharing a registry (tests, restarts in-process) must share the instruments
  // instead of throwing "metric already registered".
  return registry?.getSingleMetric(name) as T | undefined;
}

/**
 * Create the runner's metrics and register them in `registry`. Without a registry they are
 * created unregistered (still usable, just not exported), so several runners can coexist.
 */
export function registerRunnerMetrics(registry?: Registry): RunnerMetrics {
  const registers = registry ? [registry] : [];
  return {
    queueDepth:
      existing<Gauge<string>>(registry, NAMES.queueDepth) ??
      new Gauge({ name: NAMES.queueDepth, help: "Code runs waiting for a worker", registers }),
    running:
      existing<Gauge<string>>(registry, NAMES.running) ??
      new Gauge({ name: NAMES.running, help: "Code runs executing now", registers }),
    phaseSeconds:
      existing<Histogram<"phase">>(registry, NAMES.phaseSeconds) ??
      new Histogram({
        name: NAMES.phaseSeconds,
        help: "Latency of each verdict phase (queue, compile, run, total)",
        labelNames: ["phase"],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
        registers,
      }),
    verdicts:
      existing<Counter<"status" | "cached">>(registry, NAMES.verdicts) ??
      new Counter({
        name: NAMES.verdicts,
        help: "Verdicts by status",
        labelNames: ["status", "cached"],
        registers,
      }),
    sandboxFailures:
      existing<Counter<"reason">>(registry, NAMES.sandboxFailures) ?? sandboxFailures(registers),
  };
}

function sandboxFailures(registers: Registry[]): Counter<"reason"> {
  const c = new Counter({
    name: NAMES.sandboxFailures,
    help: "Code runs the sandbox could not start, by reason",
    labelNames: ["reason"],
    registers,
  });
  // Exported at 0 from the start, so a dashboard or alert has a series to watch.
  for (const reason of ["spawn", "bwrap"]) c.inc({ reason }, 0);
  return c;
}
