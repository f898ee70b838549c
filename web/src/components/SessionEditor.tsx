/**
 * The shared editor of a live session: each file is a Y.Text bound to CodeMirror with
 * y-codemirror.next (everyone's edits, named cursors and selections, an undo that only undoes your
 * own changes). The file a member shows travels in their awareness state, so "follow the host" can
 * open the host's file and keep the host's cursor in view.
 */
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useId, useRef, useState } from "react";
import { yCollab } from "y-codemirror.next";
import * as Y from "yjs";
import { editorExtensions } from "../lib/editorSetup.ts";
import { fileText, type MemberState, type SessionSync } from "../lib/sessionSync.ts";
import { FilePanel, FileTabs } from "./FileTabs.tsx";

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

  return (
    <div className="flex h-full min-h-0 flex-col">
      <FileTabs id={tabsId} names={files} active={active} onSelect={setActive} />
      <FilePanel id={tabsId} names={files} active={active} panelRef={hostRef} testId="session-editor" />
    </div>
  );
}

const readOnlyExtensions = (readOnly: boolean) =>
  readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : [];
