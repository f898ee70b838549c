/**
 * A course's chat on the client: history pages (newest page first, by cursor), posting, editing and
 * deleting, kept current by the room's live channel `chat:<courseId>`. A push or a mutation's answer
 * is merged by message id, so the same message arriving both ways shows once; after every
 * (re)subscription the pages are fetched again, so nothing said while disconnected is missed.
 */
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "./api.ts";
import { flatten, mergeMessage } from "./lib/chatPages.ts";
import { useLiveChannel } from "./live.ts";
import { qk } from "./queries.ts";
import type { ChatChange, ChatHistory, ChatMessage } from "./types.ts";

type ChatData = InfiniteData<ChatHistory, string | undefined>;

const apply = (client: QueryClient, slug: string, message: ChatMessage) =>
  client.setQueryData<ChatData>(qk.chat(slug), (d) => mergeMessage(d, message));

export function useChat(slug: string, courseId: string, enabled: boolean) {
  const client = useQueryClient();
  const history = useInfiniteQuery({
    queryKey: qk.chat(slug),
    queryFn: ({ pageParam }) => api.chatHistory(slug, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  useLiveChannel(
    `chat:${courseId}`,
    (change: ChatChange) => {
      if (change.message.courseId === courseId) apply(client, slug, change.message);
    },
    { enabled, onSubscribed: () => void client.invalidateQueries({ queryKey: qk.chat(slug) }) },
  );
  const post = useMutation({
    mutationFn: (v: { body: string; mentions: string[] }) => api.postChat(slug, v.body, v.mentions),
    onSuccess: (m) => apply(client, slug, m),
  });
  const edit = useMutation({
    mutationFn: (v: { id: string; body: string }) => api.editChat(v.id, v.body),
    onSuccess: (m) => apply(client, slug, m),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteChat(id),
    // The push carries the deleted message; fetch once in case it was missed.
    onSuccess: () => void client.invalidateQueries({ queryKey: qk.chat(slug) }),
  });
  return { history, messages: flatten(history.data), post, edit, remove };
}
