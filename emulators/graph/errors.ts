// Graph's error envelope and the AAD (token endpoint) error shape.
//
// Graph: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}} on every error, with
// a `request-id` response header (graph-b2c.md §5). Clients must branch on `code`, so codes follow what the real
// service returns where the reference records it; messages follow its style.

/** A Graph error a handler throws; the server turns it into the envelope. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Usually a string. The cpim (B2C) backend sometimes returns an object here (§2.2, PUT on $ref). */
    readonly graphMessage: string | Record<string, unknown>,
    readonly extra: { details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(typeof graphMessage === 'string' ? graphMessage : JSON.stringify(graphMessage));
  }
}

/** "2021-04-23T08:21:25": the innerError.date format in the real envelopes (§2.2, §5). */
export function graphDate(d = new Date()): string {
  return d.toISOString().slice(0, 19);
}

export function graphErrorBody(err: GraphError, requestId: string, clientRequestId: string) {
  return {
    error: {
      code: err.code,
      message: err.graphMessage,
      ...(err.extra.details ? { details: err.extra.details } : {}),
      innerError: { date: graphDate(), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

// ---- common Graph errors -------------------------------------------------------------------------------------

/** OData's answer for a path segment the model does not know (e.g. b2cUserFlows in v1.0, §0.1). */
export const segmentNotFound = (segment: string) =>
  new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);

export const badRequest = (message: string) => new GraphError(400, 'BadRequest', message);

/** §5: 403 Authorization_RequestDenied "Insufficient privileges to complete the operation." */
export const insufficientPrivileges = () =>
  new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

/** Directory objects (applications, service principals, grants): the message quoted in §3. */
export const directoryNotFound = (id: string) =>
  new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

/** AAD-style "Invalid value specified for property 'x' of resource 'Y'." for directory objects. */
export const invalidDirectoryValue = (property: string, resource: string) =>
  new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource '${resource}'.`);

export const invalidJson = () =>
  new GraphError(
    400,
    'BadRequest',
    'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  );

// ---- the token endpoint (AAD v2) ----------------------------------------------------------------------------

export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

/** AAD's OAuth error JSON: error, error_description "AADSTSnnn: … Trace ID … Correlation ID … Timestamp …", codes. */
export function aadErrorBody(err: AadError, traceId: string, correlationId: string) {
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}`,
  };
}
