/** An error in Databricks' REST shape: `{ error_code, message }` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toJSON() {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const notFound = (what: string) =>
  new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `${what} does not exist.`);
export const invalid = (message: string) =>
  new ApiError(400, 'INVALID_PARAMETER_VALUE', message);
export const conflict = (message: string) =>
  new ApiError(409, 'RESOURCE_CONFLICT', message);
export const alreadyExists = (what: string) =>
  new ApiError(409, 'RESOURCE_ALREADY_EXISTS', `${what} already exists.`);
