/**
 * A course's chat room on the course page: history with "Load older messages", live messages from
 * the room's channel, a composer (Enter sends, Shift+Enter starts a new line), editing and deleting
 * one's own messages (moderators delete any). Messages are Markdown rendered with raw HTML shown as
 * text and only http(s), mailto and in-app links, so a message cannot run script in the page.
 */
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { isApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { useChat } from "../chat.ts";
import { mentionsIn } from "../lib/chatPages.ts";
import { formatRelative } from "../lib/format.ts";
import { usePresence } from "../live.ts";
import type { ChatMessage } from "../types.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { Markdown } from "./Markdown.tsx";
import { ErrorNotice, Loading } from "./Status.tsx";

const MAX_CHARS = 4000;

function problem(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 429 && error.retryAfter !== null)
      return `Slow down a little: you can send again in ${error.retryAfter} s.`;
    return error.message;
  }
  return "Could not reach the server; your message is still here.";
}

export function ChatPanel({ courseSlug, courseId }: { courseSlug: string; courseId: string }) {
  const { user } = useAuth();
  const { history, messages, post, edit, remove } = useChat(courseSlug, courseId, Boolean(user));
  const online = usePresence(courseId, null, Boolean(user));
  const [draft, setDraft] = useState("");
  const [deleting, setDeleting] = useState<ChatMessage | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const composerId = useId();
  const headingId = useId();
  const last = messages.at(-1)?.id;

  // Follow new messages when the reader is at (or near) the bottom; leave them be when scrolled up.
  useEffect(() => {
    const el = listRef.current;
    if (!el || last === undefined) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 120 || el.dataset.follow !== "no")
      el.scrollTop = el.scrollHeight;
  }, [last]);

  if (!user) return null;
  const moderator = user.role === "admin" || user.role === "instructor";

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    const body = draft.trim();
    if (body === "" || post.isPending) return;
    // "@Name" of someone seen in the room (an author, or online now) notifies them.
    const people = new Map<string, string>();
    for (const m of messages) people.set(m.userId, m.authorName);
    for (const u of online) people.set(u.userId, u.displayName);
    const mentions = mentionsIn(
      body,
      [...people].map(([userId, displayName]) => ({ userId, displayName })),
      user.id,
    );
    post.mutate({ body, mentions }, { onSuccess: () => setDraft("") });
  };
  const onComposerKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <section aria-labelledby={headingId} className="card flex flex-col overflow-hidden">
      <div className="border-b border-slate-200 px-5 py-3 dark:border-slate-800">
        <h2 id={headingId} className="text-lg font-semibold tracking-tight">
          Course chat
        </h2>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Ask and help: Markdown and `code` work; @Name mentions someone. Be kind; moderators can remove
          messages.
        </p>
      </div>
      {history.isPending ? (
        <Loading label="Loading chat…" className="px-5" />
      ) : history.isError ? (
        <ErrorNotice
          className="m-5"
          error={history.error}
          title="Could not load the chat"
          onRetry={() => history.refetch()}
        />
      ) : (
        <>
          {history.hasNextPage ? (
            <button
              type="button"
              className="btn-secondary mx-5 mt-3 self-start text-xs"
              onClick={() => history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
            >
              {history.isFetchingNextPage ? "Loading…" : "Load older messages"}
            </button>
          ) : null}
          <ol
            ref={listRef}
            aria-label="Messages"
            aria-live="polite"
            aria-relevant="additions"
            className="max-h-[28rem] min-h-32 space-y-3 overflow-y-auto px-5 py-3"
            onScroll={(e) => {
              const el = e.currentTarget;
              el.dataset.follow = el.scrollHeight - el.scrollTop - el.clientHeight < 120 ? "yes" : "no";
            }}
          >
            {messages.length === 0 ? (
              <li className="text-sm text-slate-500 dark:text-slate-400">No messages yet. Say hello!</li>
            ) : (
              messages.map((m) => (
                <Message
                  key={m.id}
                  message={m}
                  mine={m.userId === user.id}
                  canDelete={m.userId === user.id || moderator}
                  onEdit={(body) => edit.mutateAsync({ id: m.id, body })}
                  onDelete={() => setDeleting(m)}
                />
              ))
            )}
          </ol>
        </>
      )}
      <form onSubmit={send} className="border-t border-slate-200 p-3 dark:border-slate-800">
        <label htmlFor={composerId} className="sr-only">
          Message
        </label>
        <textarea
          id={composerId}
          value={draft}
          maxLength={MAX_CHARS}
          rows={2}
          placeholder="Write a message… (Enter to send, Shift+Enter for a new line)"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onComposerKey}
          className="w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <div className="mt-2 flex items-center justify-between gap-3">
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {post.isError ? problem(post.error) : ""}
          </p>
          <button type="submit" className="btn-primary" disabled={post.isPending || draft.trim() === ""}>
            {post.isPending ? "Sending…" : "Send"}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this message?"
        confirmLabel="Delete"
        danger
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id);
          setDeleting(null);
        }}
        onCancel={() => setDeleting(null)}
      >
        Everyone in the course will see that a message was deleted, not what it said.
      </ConfirmDialog>
    </section>
  );
}

function Message({
  message: m,
  mine,
  canDelete,
  onEdit,
  onDelete,
}: {
  message: ChatMessage;
  mine: boolean;
  canDelete: boolean;
  onEdit(body: string): Promise<unknown>;
  onDelete(): void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(m.body);
  const [error, setError] = useState<string | null>(null);
  const editId = useId();
  const deleted = m.deletedAt !== null;

  const save = async () => {
    try {
      await onEdit(text.trim());
      setEditing(false);
      setError(null);
    } catch (err) {
      setError(problem(err));
    }
  };

  return (
    <li className="group" data-message-id={m.id} data-mine={mine ? "true" : "false"}>
      <div className="flex items-baseline gap-2 text-xs">
        <span className="font-semibold text-slate-900 dark:text-slate-100">{m.authorName}</span>
        <time
          dateTime={m.createdAt}
          className="text-slate-500 dark:text-slate-400"
          title={new Date(m.createdAt).toLocaleString()}
        >
          {formatRelative(m.createdAt)}
        </time>
        {m.editedAt && !deleted ? <span className="text-slate-500 dark:text-slate-400">(edited)</span> : null}
        {!deleted && !editing ? (
          <span className="ml-auto flex gap-2 opacity-70 group-hover:opacity-100">
            {mine ? (
              <button
                type="button"
                className="btn-ghost px-1.5 py-0.5 text-xs"
                onClick={() => setEditing(true)}
              >
                Edit<span className="sr-only"> your message</span>
              </button>
            ) : null}
            {canDelete ? (
              <button
                type="button"
                className="btn-ghost px-1.5 py-0.5 text-xs text-red-700 dark:text-red-400"
                onClick={onDelete}
              >
                Delete<span className="sr-only"> message by {m.authorName}</span>
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
      {deleted ? (
        <p className="text-sm italic text-slate-500 dark:text-slate-400">Message deleted</p>
      ) : editing ? (
        <div className="mt-1">
          <label htmlFor={editId} className="sr-only">
            Edit your message
          </label>
          <textarea
            id={editId}
            value={text}
            maxLength={MAX_CHARS}
            rows={2}
            onChange={(e) => setText(e.target.value)}
            className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
          <div className="mt-1 flex gap-2">
            <button
              type="button"
              className="btn-primary text-xs"
              onClick={save}
              disabled={text.trim() === ""}
            >
              Save
            </button>
            <button
              type="button"
              className="btn-secondary text-xs"
              onClick={() => {
                setEditing(false);
                setText(m.body);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
          {error ? (
            <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </div>
      ) : (
        <Markdown source={m.body} className="chat-message text-sm" />
      )}
    </li>
  );
}
