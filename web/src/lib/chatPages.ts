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

/** Someone a message can mention: a person seen in the room (an author, or online now). */
export interface Mentionable {
  userId: string;
  displayName: string;
}

/**
 * The people a message mentions: `@` followed by a known display name (any case), ending where the
 * name ends (a space, punctuation or the end of the text). Longer names win, so "@Ana Chat" is Ana
 * Chat even when someone is called "Ana". At most 10, each once, never `me`.
 */
export function mentionsIn(text: string, people: readonly Mentionable[], me: string): string[] {
  const lower = text.toLowerCase();
  const byLength = [...people].filter((p) => p.userId !== me && p.displayName.trim() !== "");
  byLength.sort((a, b) => b.displayName.length - a.displayName.length);
  const found: string[] = [];
  const taken: Array<[number, number]> = [];
  for (const p of byLength) {
    const needle = `@${p.displayName.toLowerCase()}`;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      const next = lower.charAt(end);
      if (next !== "" && /[\p{L}\p{N}_]/u.test(next)) continue;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      if (!found.includes(p.userId)) found.push(p.userId);
      break;
    }
    if (found.length === 10) break;
  }
  return found;
}
