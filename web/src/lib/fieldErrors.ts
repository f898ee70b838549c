import type { FieldIssue } from "../api.ts";

/**
 * Maps server field issues onto form fields. Paths may come as "email", "body.email" or "/email";
 * the last segment names the field. Issues that match no field are returned separately.
 */
export function splitFieldIssues<F extends string>(
  issues: FieldIssue[],
  fields: readonly F[],
): { byField: Partial<Record<F, string>>; other: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const last = issue.path.split(/[./]/).filter(Boolean).pop() ?? "";
    const field = fields.find((f) => f === last);
    if (field) byField[field] ??= issue.message;
    else other.push(issue.message);
  }
  return { byField, other };
}
