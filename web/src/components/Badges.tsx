import type { ItemState, Level } from "../types.ts";
import { Icon } from "./Icon.tsx";

const levelStyle: Record<Level, string> = {
  beginner: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  intermediate: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  advanced: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
};

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`badge capitalize ${levelStyle[level]}`}>{level}</span>;
}

const difficultyStyle: Record<string, string> = {
  easy: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  medium: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  hard: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
};

export function DifficultyBadge({ difficulty }: { difficulty: string }) {
  return (
    <span className={`badge capitalize ${difficultyStyle[difficulty] ?? "bg-slate-100 dark:bg-slate-800"}`}>
      {difficulty}
    </span>
  );
}

export function TagBadge({ tag }: { tag: string }) {
  return (
    <span className="badge bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300">#{tag}</span>
  );
}

const stateLabel: Record<ItemState, string> = { done: "Done", attempted: "In progress", todo: "Not started" };

export function ItemStateIcon({ state }: { state: ItemState }) {
  if (state === "done") {
    return (
      <span className="grid size-6 shrink-0 place-items-center rounded-full bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950">
        <Icon name="check" className="size-4" strokeWidth={3} title={stateLabel.done} />
      </span>
    );
  }
  if (state === "attempted") {
    return (
      <span className="grid size-6 shrink-0 place-items-center text-amber-600 dark:text-amber-400">
        <Icon name="halfCircle" className="size-6" title={stateLabel.attempted} />
      </span>
    );
  }
  return (
    <span className="grid size-6 shrink-0 place-items-center text-slate-300 dark:text-slate-600">
      <Icon name="circle" className="size-6" title={stateLabel.todo} />
    </span>
  );
}
