import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Env } from './env.js';

type LoggerEnv = Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>;

/**
 * JSON lines for log collectors; readable lines when a person watches the terminal
 * (`npm start` on a newcomer's machine). Tests and piped output stay JSON.
 */
export function createLogger(
  env: LoggerEnv,
  destination: DestinationStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const options = {
    level: env.NODE_ENV === 'test' && env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL,
    // Never log credentials or session cookies.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password'],
  };
  if (destination.isTTY === true && env.NODE_ENV !== 'test') {
    return pino(
      options,
      pretty({ destination, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }),
    );
  }
  return pino(options, destination);
}
