import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useEffect } from "react";
import { api, isApiError } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { Breadcrumbs } from "../components/Breadcrumbs.tsx";
import { EnrollButton } from "../components/EnrollButton.tsx";
import { Icon, Spinner } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { Markdown } from "../components/Markdown.tsx";
import { AlsoHere } from "../components/Presence.tsx";
import { PrevNext } from "../components/PrevNext.tsx";
import { ErrorNotice, Loading } from "../components/Status.tsx";
import { formatMinutes } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { qk, refreshProgress, useCourseProgress, useIsEnrolled, useLesson } from "../queries.ts";
import type { Lesson } from "../types.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";

const route = getRouteApi("/lessons/$id");

export function LessonPage() {
  const { id } = route.useParams();
  const lesson = useLesson(id);
  useDocumentTitle(lesson.data?.title ?? "Lesson");

  if (lesson.isPending) {
    return (
      <Page>
        <Loading label="Loading lesson…" />
      </Page>
    );
  }
  if (lesson.isError) {
    if (isApiError(lesson.error) && lesson.error.status === 404) return <NotFoundPage what="lesson" />;
    return (
      <Page>
        <ErrorNotice
          error={lesson.error}
          title="Could not load this lesson"
          onRetry={() => lesson.refetch()}
        />
      </Page>
    );
  }
  return <LessonView key={lesson.data.id} lesson={lesson.data} />;
}

function LessonView({ lesson }: { lesson: Lesson }) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const progress = useCourseProgress(lesson.courseSlug);
  const enrolled = useIsEnrolled(lesson.courseId, lesson.courseSlug);
  const complete = useMutation({
    mutationFn: () => api.completeLesson(lesson.id),
    onSuccess: (p) => {
      queryClient.setQueryData(qk.courseProgress(lesson.courseSlug), p);
      void queryClient.invalidateQueries({ queryKey: qk.enrollments });
      refreshProgress(queryClient, lesson.courseSlug);
    },
  });
  const done = progress.data?.items[lesson.id] === "done" || complete.isSuccess;
  const userId = user?.id;
  useEffect(() => {
    // One view per signed-in visit, for the course's analytics; a failure here is nobody's concern.
    if (userId !== undefined) api.viewLesson(lesson.id).catch(() => undefined);
  }, [lesson.id, userId]);

  return (
    <Page>
      <Breadcrumbs
        items={[
          { label: "Courses", to: "/courses" },
          { label: lesson.courseTitle, to: "/courses/$slug", slug: lesson.courseSlug },
          { label: lesson.title },
        ]}
      />
      <article className="mx-auto mt-6 max-w-3xl">
        <header className="mb-8">
          <p className="flex items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
            <Icon name="book" className="size-4" /> Lesson · {formatMinutes(lesson.minutes)} read
          </p>
          <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{lesson.title}</h1>
          <AlsoHere courseId={lesson.courseId} item={lesson.id} enabled={enrolled === true} />
        </header>
        <Markdown source={lesson.body} pageTitle={lesson.title} />

        <div className="mt-12 border-t border-slate-200 pt-6 dark:border-slate-800">
          {!user ? (
            <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">
              <Link to="/login" search={{ redirect: `/lessons/${lesson.id}` }} className="link">
                Log in
              </Link>{" "}
              to track your progress.
            </p>
          ) : enrolled === false ? (
            <div className="mb-6 flex flex-wrap items-center gap-3">
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Enroll in {lesson.courseTitle} to mark lessons complete and track your progress.
              </p>
              <EnrollButton courseSlug={lesson.courseSlug} label={`Enroll in ${lesson.courseTitle}`} />
            </div>
          ) : done ? (
            <p
              role="status"
              className="mb-6 flex items-center gap-2 font-medium text-emerald-700 dark:text-emerald-400"
            >
              <span className="grid size-6 place-items-center rounded-full bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950">
                <Icon name="check" className="size-4" strokeWidth={3} />
              </span>
              Lesson completed
            </p>
          ) : (
            <div className="mb-6">
              {complete.isError ? (
                <ErrorNotice
                  error={complete.error}
                  title="Could not mark this lesson complete"
                  className="mb-3"
                />
              ) : null}
              <button
                type="button"
                className="btn-primary"
                onClick={() => complete.mutate()}
                disabled={complete.isPending}
              >
                {complete.isPending ? <Spinner /> : <Icon name="check" className="size-4" strokeWidth={3} />}
                Mark complete
              </button>
            </div>
          )}
          <PrevNext
            prev={lesson.prev}
            next={lesson.next}
            course={{ slug: lesson.courseSlug, title: lesson.courseTitle }}
            emphasizeNext={done}
          />
        </div>
      </article>
    </Page>
  );
}
