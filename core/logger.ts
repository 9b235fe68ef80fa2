import pino, { type Logger } from 'pino';

/**
 * JSON logs (pino). Personal data never belongs in a log line; the redact list is a second line
 * of defence for fields that might carry it by mistake.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'union-hub',
    level: options.level ?? process.env.HUB_LOG_LEVEL ?? 'info',
    redact: {
      paths: ['*.idNumber', '*.idNo', '*.zjhm', '*.mobile', '*.sjhm', '*.phone', 'variables', '*.variables', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
