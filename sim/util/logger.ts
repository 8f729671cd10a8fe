export interface SimLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: SimLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Logs to stderr so that stdout stays free for the CLI's machine-readable ready line. */
export function consoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): SimLogger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const write = (lvl: keyof typeof order) => (message: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return;
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    process.stderr.write(`[sim] ${lvl} ${message}${suffix}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
