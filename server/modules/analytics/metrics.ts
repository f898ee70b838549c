/** Prometheus metrics of the analytics consumer. */
import { Counter, type Registry } from "prom-client";
import type { Applied } from "./service.ts";

export class AnalyticsMetrics {
  private readonly events: Counter<"outcome">;
  private readonly results: Counter;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: "gopro_analytics_events_total",
      help: "Learning events seen by the analytics windows, by outcome (on_time, late, dropped: too late)",
      labelNames: ["outcome"],
      registers: [registry],
    });
    this.results = new Counter({
      name: "gopro_analytics_results_total",
      help: "Window results emitted to analytics-results (closes and late updates)",
      registers: [registry],
    });
  }

  /** Counted after commit, so a rolled-back or redelivered event is counted once. */
  observe(a: Applied): void {
    for (const [outcome, n] of Object.entries(a.outcomes)) if (n > 0) this.events.labels(outcome).inc(n);
    if (a.emitted > 0) this.results.inc(a.emitted);
  }
}
