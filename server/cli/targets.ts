import { resolveTargets } from "../modules/registry.ts";

/** Fails at boot, before anything opens, when a target is unknown (the message lists the valid ones). */
export function validateTargetsOrThrow(targets: string[]): void {
  resolveTargets(targets);
}
