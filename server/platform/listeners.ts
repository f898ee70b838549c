/** A module's after-commit listeners: added and removed by other parts, called in turn. */
import type { Logger } from "./logger.ts";

export class Listeners<A extends unknown[]> {
  readonly #set = new Set<(...args: A) => void>();
  readonly #log: Logger;
  readonly #what: string;

  /** `what` names them in the warning logged when one throws. */
  constructor(log: Logger, what: string) {
    this.#log = log;
    this.#what = what;
  }

  get size(): number {
    return this.#set.size;
  }

  /** Returns the function that removes it. */
  add(listener: (...args: A) => void): () => void {
    this.#set.add(listener);
    return () => {
      this.#set.delete(listener);
    };
  }

  /** Calls each listener; one that throws is logged and does not stop the others. */
  emit(...args: A): void {
    for (const l of this.#set) {
      try {
        l(...args);
      } catch (err) {
        this.#log.warn({ err }, `${this.#what} listener failed`);
      }
    }
  }
}
