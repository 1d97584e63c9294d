/** A Chime error: its HTTP status, the x-amzn-ErrorType shape name and the body's Code and Message. */
export class ChimeError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
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

export const badRequest = (message: string) => new ChimeError(400, 'BadRequest', message);
export const notFound = (message: string) => new ChimeError(404, 'NotFound', message);
export const conflict = (message: string) => new ChimeError(409, 'Conflict', message);
export const forbidden = (message: string) => new ChimeError(403, 'Forbidden', message);
export const resourceLimitExceeded = (message: string) => new ChimeError(400, 'ResourceLimitExceeded', message);
export const unprocessable = (message: string) => new ChimeError(422, 'UnprocessableEntity', message);
export const throttled = () => new ChimeError(429, 'Throttled', 'The client exceeded its request rate limit.', 'ThrottledClientException');
export const serviceFailure = () => new ChimeError(500, 'ServiceFailure', 'The service encountered an unexpected error.');
export const serviceUnavailable = () => new ChimeError(503, 'ServiceUnavailable', 'The service is currently unavailable.');
export const unauthorized = (message: string) =>
	new ChimeError(401, 'UnauthorizedClient', message, 'UnauthorizedClientException');

/** The errors AWS's signature check gives before a request reaches Chime. */
export const authError = (type: string, message: string, status = 403) =>
	new ChimeError(status, type.replace(/Exception$/, ''), message, type, true);
