import { type Diagnostic, setDiagnostics } from "@codemirror/lint";
import { EditorSelection, EditorState, type Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { type Ref, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import { editorExtensions } from "../lib/editorSetup.ts";
import type { CompileDiagnostic, Files } from "../types.ts";
import { FilePanel, FileTabs } from "./FileTabs.tsx";

export interface CodeEditorHandle {
  getFiles(): Files;
  /** Replaces every file's content (reset to starter, restore an old attempt). */
  setFiles(files: Files): void;
  /** Shows compile errors as lint diagnostics at their lines; an empty list clears them. */
  showDiagnostics(diagnostics: CompileDiagnostic[]): void;
  /** Moves the cursor to a file position and focuses the editor. */
  reveal(file: string, line: number, column: number): void;
}

interface Props {
  initialFiles: Files;
  onChange(files: Files): void;
  onRun(): void;
  ref?: Ref<CodeEditorHandle>;
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function positionOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
}

/** Underline from the reported column to the end of the word there (or the whole line without a column). */
function toDiagnostic(doc: Text, d: CompileDiagnostic): Diagnostic {
  const l = doc.line(Math.min(Math.max(1, d.line), doc.lines));
  if (d.column <= 0) return { from: l.from, to: l.to, severity: "error", message: d.message, source: "go" };
  const from = positionOf(doc, d.line, d.column);
  const word = /^\w+/.exec(doc.sliceString(from, l.to));
  const to = word ? from + word[0].length : Math.min(from + 1, l.to);
  return { from, to, severity: "error", message: d.message, source: "go" };
}

export function CodeEditor({ initialFiles, onChange, onRun, ref }: Props) {
  const [names, setNames] = useState(() => Object.keys(initialFiles));
  const [active, setActive] = useState(() => names[0] ?? "");
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const statesRef = useRef(new Map<string, EditorState>());
  const activeRef = useRef(active);
  const namesRef = useRef(names);
  const callbacks = useRef({ onChange, onRun });
  const tabsId = useId();

  useEffect(() => {
    callbacks.current = { onChange, onRun };
  });

  const collect = (): Files => {
    const out: Files = {};
    for (const name of namesRef.current) {
      const state = name === activeRef.current ? viewRef.current?.state : statesRef.current.get(name);
      out[name] = state?.doc.toString() ?? "";
    }
    return out;
  };

  const makeState = (name: string, doc: string): EditorState =>
    EditorState.create({
      doc,
      extensions: editorExtensions(name, {
        onDocChanged: () => callbacks.current.onChange(collect()),
        onRun: () => callbacks.current.onRun(),
      }),
    });

  const stateOf = (name: string): EditorState | undefined =>
    name === activeRef.current ? viewRef.current?.state : statesRef.current.get(name);

  const switchTo = (name: string) => {
    const view = viewRef.current;
    const next = statesRef.current.get(name);
    if (!view || !next || name === activeRef.current) return;
    statesRef.current.set(activeRef.current, view.state);
    view.setState(next);
    activeRef.current = name;
    setActive(name);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once per mount; content changes go through the handle.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    for (const [name, doc] of Object.entries(initialFiles)) statesRef.current.set(name, makeState(name, doc));
    const first = statesRef.current.get(activeRef.current);
    const view = new EditorView({ state: first, parent: host });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
      statesRef.current.clear();
    };
  }, []);

  useImperativeHandle(ref, () => ({
    getFiles: collect,
    setFiles(files) {
      const view = viewRef.current;
      if (!view) return;
      const list = Object.keys(files);
      statesRef.current.clear();
      for (const name of list) statesRef.current.set(name, makeState(name, files[name] ?? ""));
      const nextActive = list.includes(activeRef.current) ? activeRef.current : (list[0] ?? "");
      namesRef.current = list;
      activeRef.current = nextActive;
      const state = statesRef.current.get(nextActive);
      if (state) view.setState(state);
      setNames(list);
      setActive(nextActive);
      callbacks.current.onChange(collect());
    },
    showDiagnostics(diagnostics) {
      const view = viewRef.current;
      if (!view) return;
      for (const name of namesRef.current) {
        const state = stateOf(name);
        if (!state) continue;
        const mine = diagnostics
          .filter((d) => baseName(d.file) === name)
          .map((d) => toDiagnostic(state.doc, d));
        if (name === activeRef.current) view.dispatch(setDiagnostics(state, mine));
        else statesRef.current.set(name, state.update(setDiagnostics(state, mine)).state);
      }
    },
    reveal(file, line, column) {
      const name = namesRef.current.find((n) => n === baseName(file));
      if (!name) return;
      switchTo(name);
      const view = viewRef.current;
      if (!view) return;
      const pos = positionOf(view.state.doc, line, column);
      view.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
      view.focus();
    },
  }));

  return (
    <div className="flex h-full min-h-0 flex-col">
      <FileTabs id={tabsId} names={names} active={active} onSelect={switchTo} />
      <FilePanel id={tabsId} names={names} active={active} panelRef={hostRef} />
    </div>
  );
}
