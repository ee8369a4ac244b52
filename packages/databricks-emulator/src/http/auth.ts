import { RequestHandler } from 'express';

/** A personal access token is required, as in a real workspace: none is 401, a wrong one 403. */
export function requireToken(token: string): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      res.status(401).json({
        error_code: 'UNAUTHENTICATED',
        message:
          'Credential was not sent or was of an unsupported type for this API.',
      });
      return;
    }
    if (header.replace(/^Bearer\s+/i, '') !== token) {
      res.status(403).json({
        error_code: 'PERMISSION_DENIED',
        message: 'Invalid access token.',
      });
      return;
    }
    next();
  };
}
