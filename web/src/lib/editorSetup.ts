/**
 * CodeMirror 6 setup for Go, assembled from the individual packages (no `basicSetup`), with colours
 * taken from CSS variables so the editor follows the app's light/dark theme without reconfiguring.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { go } from "@codemirror/lang-go";
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { EditorState, type Extension, Prec } from "@codemirror/state";
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const goHighlight = HighlightStyle.define([
  {
    tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword],
    color: "var(--tok-keyword)",
  },
  { tag: [t.string, t.special(t.string), t.character], color: "var(--tok-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--tok-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--tok-comment)", fontStyle: "italic" },
  {
    tag: [t.function(t.variableName), t.function(t.definition(t.variableName)), t.function(t.propertyName)],
    color: "var(--tok-function)",
  },
  { tag: [t.typeName, t.className, t.definition(t.typeName)], color: "var(--tok-type)" },
  { tag: [t.standard(t.variableName)], color: "var(--tok-builtin)" },
  { tag: [t.punctuation, t.bracket, t.operator], color: "var(--tok-punct)" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13.5px", backgroundColor: "var(--cm-bg)", color: "var(--cm-fg)" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
  ".cm-content": { caretColor: "var(--cm-caret)", paddingBlock: "12px" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--cm-caret)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--cm-selection)" },
  ".cm-gutters": {
    backgroundColor: "var(--cm-gutter-bg)",
    color: "var(--cm-gutter-fg)",
    borderRight: "1px solid var(--cm-border)",
  },
  ".cm-activeLine": { backgroundColor: "var(--cm-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--cm-active-line)", color: "var(--cm-fg)" },
  ".cm-matchingBracket": { backgroundColor: "var(--cm-bracket)", outline: "none" },
  ".cm-tooltip": {
    backgroundColor: "var(--cm-tooltip-bg)",
    color: "var(--cm-fg)",
    border: "1px solid var(--cm-border)",
    borderRadius: "6px",
  },
  ".cm-diagnostic-error": { borderLeftColor: "var(--cm-error)" },
  ".cm-lintRange-error": {
    backgroundImage: "none",
    textDecoration: "underline wavy var(--cm-error)",
    textUnderlineOffset: "3px",
  },
});

export interface EditorCallbacks {
  /** Fires on every document change of the active file. */
  onDocChanged(): void;
  /** Ctrl/Cmd+Enter. */
  onRun(): void;
}

/**
 * Extensions for one file's EditorState. Each file gets its own state (own undo history). With
 * `collab` (a live session's yCollab binding, which brings its own shared-aware undo) CodeMirror's
 * history is left out.
 */
export function editorExtensions(fileName: string, cb: EditorCallbacks, collab?: Extension): Extension[] {
  return [
    Prec.highest(
      keymap.of([
        {
          key: "Mod-Enter",
          run: () => {
            cb.onRun();
            return true;
          },
          preventDefault: true,
        },
      ]),
    ),
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    collab ?? history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    indentUnit.of("\t"),
    EditorState.tabSize.of(4),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(goHighlight),
    go(),
    lintGutter(),
    // Tab indents; Escape then Tab (or Ctrl-M) moves focus out, so keyboard users are never trapped.
    keymap.of([...defaultKeymap, ...(collab ? [] : historyKeymap), ...lintKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-label": `Code editor: ${fileName}` }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) cb.onDocChanged();
    }),
    theme,
  ];
}
