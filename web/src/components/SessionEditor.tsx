/**
 * The shared editor of a live session: each file is a Y.Text bound to CodeMirror with
 * y-codemirror.next (everyone's edits, named cursors and selections, an undo that only undoes your
 * own changes). The file a member shows travels in their awareness state, so "follow the host" can
 * open the host's file and keep the host's cursor in view.
 */
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { yCollab } from "y-codemirror.next";
import * as Y from "yjs";
import { editorExtensions } from "../lib/editorSetup.ts";
import { fileText, type MemberState, type SessionSync } from "../lib/sessionSync.ts";

interface Props {
  sync: SessionSync;
  files: string[];
  readOnly: boolean;
  /** Keep the host's file open and their cursor in view. */
  follow: { userId: string } | null;
  onRun(): void;
}

export function SessionEditor({ sync, files, readOnly, follow, onRun }: Props) {
  const [active, setActive] = useState(files[0] ?? "");
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const readOnlyConf = useRef(new Compartment());
  const onRunRef = useRef(onRun);
  const tabsId = useId();
  useEffect(() => {
    onRunRef.current = onRun;
  });

  // One view per shown file: bound to that file's Y.Text, with its own undo manager.
  // biome-ignore lint/correctness/useExhaustiveDependencies: read-only changes go through the compartment below.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || active === "") return;
    const ytext = fileText(sync.doc, active);
    const undoManager = new Y.UndoManager(ytext);
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          editorExtensions(
            active,
            { onDocChanged: () => undefined, onRun: () => onRunRef.current() },
            yCollab(ytext, sync.awareness, { undoManager }),
          ),
          readOnlyConf.current.of(readOnlyExtensions(readOnly)),
        ],
      }),
    });
    viewRef.current = view;
    sync.awareness.setLocalStateField("file", active);
    return () => {
      view.destroy();
      undoManager.destroy();
      viewRef.current = null;
    };
  }, [sync, active]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: readOnlyConf.current.reconfigure(readOnlyExtensions(readOnly)) });
  }, [readOnly]);

  // Following: open the host's file, and scroll to their cursor whenever it moves.
  useEffect(() => {
    if (follow === null) return;
    const onChange = () => {
      for (const state of sync.others().values()) {
        const s = state as MemberState;
        if (s.user?.id !== follow.userId) continue;
        if (typeof s.file === "string" && files.includes(s.file) && s.file !== active) {
          setActive(s.file);
          return;
        }
        const view = viewRef.current;
        if (!view || !s.cursor?.head) return;
        const pos = Y.createAbsolutePositionFromRelativePosition(
          Y.createRelativePositionFromJSON(s.cursor.head),
          sync.doc,
        );
        if (pos && pos.type === fileText(sync.doc, active) && pos.index <= view.state.doc.length)
          view.dispatch({ effects: EditorView.scrollIntoView(pos.index, { y: "center" }) });
        return;
      }
    };
    onChange();
    sync.awareness.on("change", onChange);
    return () => sync.awareness.off("change", onChange);
  }, [sync, follow, files, active]);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const delta = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = files[(index + delta + files.length) % files.length];
    if (next) setActive(next);
  };

  return (
    <div className="flex h-full flex-col">
      {files.length > 1 ? (
        <div
          role="tablist"
          aria-label="Files"
          className="flex gap-1 border-b border-slate-200 px-2 pt-2 dark:border-slate-800"
        >
          {files.map((name, i) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${tabsId}-${name}`}
              aria-selected={name === active}
              tabIndex={name === active ? 0 : -1}
              className={`rounded-t-md px-3 py-1.5 font-mono text-xs ${
                name === active
                  ? "bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100"
                  : "text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-200"
              }`}
              onClick={() => setActive(name)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {name}
            </button>
          ))}
        </div>
      ) : (
        <div className="border-b border-slate-200 px-4 py-2 font-mono text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
          {active}
        </div>
      )}
      <div ref={hostRef} className="min-h-0 flex-1 overflow-hidden" data-testid="session-editor" />
    </div>
  );
}

const readOnlyExtensions = (readOnly: boolean) =>
  readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : [];
