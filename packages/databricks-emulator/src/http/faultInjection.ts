import { RequestHandler, Response } from 'express';
import { FaultInjector } from '../domain/faults';

/**
 * Applies the faults that match a request's route: delays, then a stall, a reset connection, a
 * 429 or an error answer; the admin API is never faulted. A `serving-update-fails` fault is left
 * for the serving route to act on (see `servingUpdateFails`).
 */
export function injectFaults(faults: FaultInjector): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/__admin')) {
      next();
      return;
    }
    const fired = faults.match(req.method, req.path);
    const delay = fired
      .filter(f => f.kind === 'latency')
      .reduce((s, f) => s + (f.latencyMs ?? 0), 0);
    const act = () => {
      for (const f of fired) {
        if (f.kind === 'stall') return; // never answer: the client's time-out decides
        if (f.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (f.kind === 'rate-limit') {
          res.setHeader('Retry-After', String(f.retryAfterSeconds ?? 1));
          res.status(429).json({
            error_code: 'REQUEST_LIMIT_EXCEEDED',
            message: 'Too many requests. Please wait a moment and try again.',
          });
          return;
        }
        if (f.kind === 'error') {
          const status = f.status ?? 503;
          res.status(status).json({
            error_code:
              status === 503 ? 'TEMPORARILY_UNAVAILABLE' : 'INTERNAL_ERROR',
            message:
              status === 503
                ? 'The service is temporarily unavailable.'
                : 'An internal error occurred.',
          });
          return;
        }
      }
      res.locals.failServingUpdate = fired.some(
        f => f.kind === 'serving-update-fails',
      );
      next();
    };
    if (delay > 0) setTimeout(act, delay);
    else act();
  };
}

/** Whether a `serving-update-fails` fault matched this request. */
export function servingUpdateFails(res: Response): boolean {
  return res.locals.failServingUpdate === true;
}
