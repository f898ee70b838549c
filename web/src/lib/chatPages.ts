/** The chat's cached history pages (newest page first), as plain functions. */
import type { InfiniteData } from "@tanstack/react-query";
import type { ChatHistory, ChatMessage } from "../types.ts";

type ChatData = InfiniteData<ChatHistory, string | undefined>;

/** Puts a message into the cached pages: replaces it where it is, or appends it to the newest page. */
export function mergeMessage(data: ChatData | undefined, message: ChatMessage): ChatData | undefined {
  if (!data) return data;
  let found = false;
  const pages = data.pages.map((p) => ({
    ...p,
    messages: p.messages.map((m) => {
      if (m.id !== message.id) return m;
      found = true;
      return message;
    }),
  }));
  if (!found && pages[0]) pages[0] = { ...pages[0], messages: [...pages[0].messages, message] };
  return { ...data, pages };
}

/** The cached pages as one list, oldest first, each message once. */
export function flatten(data: InfiniteData<ChatHistory, unknown> | undefined): ChatMessage[] {
  const seen = new Set<string>();
  const out: ChatMessage[] = [];
  for (const page of [...(data?.pages ?? [])].reverse()) {
    for (const m of page.messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}
