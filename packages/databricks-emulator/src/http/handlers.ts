import { NextFunction, Request, Response } from 'express';
import { invalid } from '../domain/errors';

type Handler = (req: Request, res: Response) => unknown;

/** Express wrapper: a returned value is the JSON answer; a thrown ApiError goes to the error handler. */
export const route =
  (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
    try {
      const result = fn(req, res);
      if (result !== undefined && !res.headersSent) res.json(result);
    } catch (e) {
      next(e);
    }
  };

/** A number from a query or body field; absent or empty is undefined, anything else not a number a 400. */
export const optionalNumber = (
  v: unknown,
  name: string,
): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw invalid(`${name} must be a number, got ${String(v)}.`);
  return n;
};

/** A string from a query field; absent or empty is undefined. */
export const optionalString = (v: unknown): string | undefined =>
  v === undefined || v === '' ? undefined : String(v);
