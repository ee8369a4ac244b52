import { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError } from '../domain/errors';

/** A path no route serves: Databricks' ENDPOINT_NOT_FOUND. */
export const unknownRoute: RequestHandler = (req, res) => {
  res.status(404).json({
    error_code: 'ENDPOINT_NOT_FOUND',
    message: `No API found for '${req.method} ${req.path}'`,
  });
};

/**
 * Every error as Databricks' error JSON: an ApiError with its own status, express's refusals of
 * a request (bad JSON, a body too large) as 4xx, and anything unexpected as a logged 500.
 */
export function errorHandler(
  log?: (line: string) => void,
): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      res.status(err.status).json(err.toJSON());
      return;
    }
    const status = (err as { status?: number }).status;
    if (
      (err as { type?: string }).type !== 'entity.parse.failed' &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500
    ) {
      // express's own refusals: a path that does not decode, a body too large, ...
      res.status(status).json({
        error_code: status === 413 ? 'REQUEST_LIMIT_EXCEEDED' : 'BAD_REQUEST',
        message: (err as Error).message,
      });
      return;
    }
    if ((err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({
        error_code: 'MALFORMED_REQUEST',
        message: 'The request body is not valid JSON.',
      });
      return;
    }
    log?.(`local workspace error: ${(err as Error)?.stack ?? err}`);
    res.status(500).json({
      error_code: 'INTERNAL_ERROR',
      message: String((err as Error)?.message ?? err),
    });
  };
}
