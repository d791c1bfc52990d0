/**
 * What the logs never carry: API keys. Fastify's request serializer logs no headers, but anything that logs
 * a request or its headers (an error with the request attached, a debug line) goes through pino's
 * redaction of these paths first.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'request.headers.authorization',
  'headers.authorization',
  'authorization',
];

/** pino's redact option for the server's logger. */
export const LOG_REDACTION = { paths: LOG_REDACT_PATHS, censor: '[Redacted]' };
