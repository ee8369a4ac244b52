/**
 * The message a person should read for a failed request: the backend's own message (from
 * Backstage's error body, e.g. which operation is active on a 409) rather than the generic
 * "Request failed with 409 Conflict".
 */
export function errorMessage(error: unknown): string {
  const body = (error as { body?: { error?: { message?: unknown } } })?.body;
  const fromBody = body?.error?.message;
  if (typeof fromBody === 'string' && fromBody.trim()) {
    return fromBody;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
