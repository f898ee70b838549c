import { AsyncResource } from "node:async_hooks";
import { AppError } from "../../platform/errors.ts";

type Task<T> = (signal: AbortSignal) => Promise<T>;

interface Pending {
  ownerKey: string;
  start: () => void;
  reject: (err: unknown) => void;
}

export interface FairQueueOptions {
  workers: number;
  maxQueue: number;
  /** Seed for the job-duration estimate used in Retry-After, in seconds. */
  initialJobSeconds?: number;
  /**
   * A job that would likely wait longer than this (the estimate behind Retry-After) is refused
   * with `runner_busy` at once, rather than answered after its caller's request timed out.
   */
  maxWaitSeconds?: number;
}

/**
 * A bounded job queue with `workers` slots and at most one running job per owner: a learner who
 * clicks "Run" ten times occupies one slot, and everyone else's first job can overtake their
 * second one. Waiting jobs start in arrival order among owners who have nothing running.
 */
export class FairQueue {
  readonly workers: number;
  readonly maxQueue: number;
  readonly maxWaitSeconds: number;
  readonly #waiting: Pending[] = [];
  readonly #runningOwners = new Map<string, number>();
  readonly #controllers = new Set<AbortController>();
  #running = 0;
  #closed = false;
  #avgJobSeconds: number;

  constructor(opts: FairQueueOptions) {
    this.workers = Math.max(1, Math.floor(opts.workers));
    this.maxQueue = Math.max(0, Math.floor(opts.maxQueue));
    this.#avgJobSeconds = opts.initialJobSeconds ?? 2;
    this.maxWaitSeconds = opts.maxWaitSeconds ?? Number.POSITIVE_INFINITY;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running;
  }

  /** Seconds until a slot is likely free for a job queued now (jobs ahead × average, per worker). */
  #expectedWaitSeconds(): number {
    return (this.#avgJobSeconds * (this.#waiting.length + this.#running)) / this.workers;
  }

  /** Seconds a client should wait before retrying when the queue is full. */
  retryAfterSeconds(): number {
    return Math.min(60, Math.max(1, Math.ceil(this.#expectedWaitSeconds())));
  }

  /**
   * Run `task` when a slot is free and its owner has nothing else running. Throws `runner_busy`
   * synchronously-in-effect (a rejected promise before any waiting) when the queue is full.
   */
  submit<T>(ownerKey: string, task: Task<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new AppError("runner_unavailable", "The runner is shutting down"));
    }
    const canStartNow = this.#running < this.workers && !this.#runningOwners.has(ownerKey);
    if (
      !canStartNow &&
      (this.#waiting.length >= this.maxQueue || this.#expectedWaitSeconds() > this.maxWaitSeconds)
    ) {
      return Promise.reject(
        new AppError("runner_busy", "Too many code runs are waiting; please retry shortly", {
          retryAfter: this.retryAfterSeconds(),
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      // Bound to the submitter's async context: a job that waited still runs (and logs) as part
      // of the request that submitted it, not of the job that happened to finish before it.
      const start = AsyncResource.bind((): void => {
        this.#running++;
        this.#runningOwners.set(ownerKey, (this.#runningOwners.get(ownerKey) ?? 0) + 1);
        const controller = new AbortController();
        this.#controllers.add(controller);
        const began = performance.now();
        let p: Promise<T>;
        try {
          p = task(controller.signal);
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(resolve, reject).finally(() => {
          this.#controllers.delete(controller);
          this.#running--;
          const n = (this.#runningOwners.get(ownerKey) ?? 1) - 1;
          if (n <= 0) this.#runningOwners.delete(ownerKey);
          else this.#runningOwners.set(ownerKey, n);
          const seconds = (performance.now() - began) / 1000;
          this.#avgJobSeconds = this.#avgJobSeconds * 0.8 + seconds * 0.2;
          this.#pump();
        });
      });
      if (canStartNow) start();
      else this.#waiting.push({ ownerKey, start, reject });
    });
  }

  #pump(): void {
    while (this.#running < this.workers) {
      const i = this.#waiting.findIndex((p) => !this.#runningOwners.has(p.ownerKey));
      if (i < 0) return;
      const [next] = this.#waiting.splice(i, 1);
      next?.start();
    }
  }

  /** Reject everything waiting and abort everything running; the running tasks settle on their own. */
  close(): void {
    this.#closed = true;
    for (const p of this.#waiting.splice(0)) {
      p.reject(new AppError("runner_unavailable", "The runner is shutting down"));
    }
    for (const c of this.#controllers) c.abort();
  }
}
