/**
 * The shape of a live session's Yjs document, shared by the server and the browser: each file of the
 * exercise is a top-level Y.Text named `file:<name>`.
 */
import type * as Y from "yjs";

export const FILE_PREFIX = "file:";

/** A file's shared text in a session's document. */
export const fileText = (doc: Y.Doc, name: string): Y.Text => doc.getText(`${FILE_PREFIX}${name}`);
