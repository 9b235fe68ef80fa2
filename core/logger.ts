import pino, { type Logger } from 'pino';

/**
 * JSON logs (pino). Personal data never belongs in a log line; the redact list is a second line
 * of defence for fields that might carry it by mistake.
 */
export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name ?? 'union-hub',
    level: options.level ?? process.env.HUB_LOG_LEVEL ?? 'info',
    redact: {
      paths: ['*.idNumber', '*.idNo', '*.zjhm', '*.mobile', '*.sjhm', '*.phone', 'variables', '*.variables', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  // A destination other than stdout: tests read the lines the hub really writes.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export type { Logger };
