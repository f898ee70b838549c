import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api.ts";
import { qk } from "../queries.ts";
import { Spinner } from "./Icon.tsx";
import { ErrorNotice } from "./Status.tsx";

/** Enrolls the learner in a course, then refreshes everything that depends on enrollment. */
export function EnrollButton({
  courseSlug,
  label = "Enroll",
  className = "btn-primary",
}: {
  courseSlug: string;
  label?: string;
  className?: string;
}) {
  const queryClient = useQueryClient();
  const enroll = useMutation({
    mutationFn: () => api.enroll(courseSlug),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: qk.enrollments }),
        queryClient.invalidateQueries({ queryKey: qk.courseProgress(courseSlug) }),
        queryClient.invalidateQueries({ queryKey: qk.dashboard }),
      ]);
    },
  });
  return (
    <>
      {enroll.isError ? <ErrorNotice error={enroll.error} title="Could not enroll" className="mb-3" /> : null}
      <button type="button" className={className} onClick={() => enroll.mutate()} disabled={enroll.isPending}>
        {enroll.isPending ? <Spinner /> : null}
        {enroll.isPending ? "Enrolling…" : label}
      </button>
    </>
  );
}
