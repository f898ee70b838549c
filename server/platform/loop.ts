/**
 * A background worker that makes a pass now and then: after `pollMs` (or the delay its last pass
 * asked for), or at once when woken, typically after a commit that gave it work. Passes never
 * overlap; a wake during a pass runs another one right after it. The outbox relay and the mail
 * sender are both one of these.
 */
export class WakeableLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped: boolean;
  readonly #pass: () => Promise<number | undefined>;
  readonly #pollMs: number;

  /**
   * `pass` returns how long to sleep before the next one (undefined: `pollMs`); it must not throw.
   * A loop is stopped until `start()` unless `wakeBeforeStart` says a wake may run a pass earlier.
   */
  constructor(
    pass: () => Promise<number | undefined>,
    pollMs: number,
    opts: { wakeBeforeStart?: boolean } = {},
  ) {
    this.#pass = pass;
    this.#pollMs = pollMs;
    this.#stopped = !(opts.wakeBeforeStart ?? false);
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  /** Resolves when no pass is in flight. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.idle();
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      let next = this.#pollMs;
      this.#running = this.#pass()
        .then((ms) => {
          next = ms ?? this.#pollMs;
        })
        .finally(() => {
          this.#running = undefined;
          if (this.#stopped) return;
          if (this.#again) {
            this.#again = false;
            this.#schedule(0);
          } else this.#schedule(next);
        });
    }, ms);
    this.#timer.unref();
  }
}
