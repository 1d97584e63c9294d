/**
 * A Chime error: the body's Code and Message, its HTTP status and the x-amzn-ErrorType shape name (the
 * same order as the nodes' own ChimeError: code, message, status).
 */
export class ChimeError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status: number,
		/** AWS's front door (signature checks) answers with `{ message }` and its own type names. */
		readonly type = `${code}Exception`,
		readonly frontDoor = false,
	) {
		super(message);
	}

	body(): Record<string, string> {
		return this.frontDoor ? { message: this.message } : { Code: this.code, Message: this.message };
	}
}

export const badRequest = (message: string) => new ChimeError('BadRequest', message, 400);
export const notFound = (message: string) => new ChimeError('NotFound', message, 404);
export const conflict = (message: string) => new ChimeError('Conflict', message, 409);
export const forbidden = (message: string) => new ChimeError('Forbidden', message, 403);
export const resourceLimitExceeded = (message: string) => new ChimeError('ResourceLimitExceeded', message, 400);
export const unprocessable = (message: string) => new ChimeError('UnprocessableEntity', message, 422);
export const throttled = () => new ChimeError('Throttled', 'The client exceeded its request rate limit.', 429, 'ThrottledClientException');
export const serviceFailure = () => new ChimeError('ServiceFailure', 'The service encountered an unexpected error.', 500);
export const serviceUnavailable = () => new ChimeError('ServiceUnavailable', 'The service is currently unavailable.', 503);
export const unauthorized = (message: string) =>
	new ChimeError('UnauthorizedClient', message, 401, 'UnauthorizedClientException');

/** The errors AWS's signature check gives before a request reaches Chime. */
export const authError = (type: string, message: string, status = 403) =>
	new ChimeError(type.replace(/Exception$/, ''), message, status, type, true);
