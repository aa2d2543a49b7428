import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

const root = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'omsflow' });
const invocation = new AsyncLocalStorage<Logger>();

/**
 * One structured logger for every handler. Log ids, counts and codes only: names, ЕНП, СНИЛС and
 * phones never go to logs (152-ФЗ); they live in the protocols the sender owns.
 *
 * Inside `withOwnLogger` it is that invocation's own child logger: `injectLambdaContext` and
 * `appendKeys` write to it alone. Lambda runs one invocation per process, but the local runtime runs
 * many handlers in one process at once, and a shared logger would stamp each line with whichever
 * function set its context last.
 */
export const logger: Logger = new Proxy(root, {
  get(target, property) {
    const current = invocation.getStore() ?? target;
    const value: unknown = Reflect.get(current, property, current);
    return typeof value === 'function' ? value.bind(current) : value;
  },
});

/** A handler whose every log line (its Lambda context, its keys) belongs to its own invocation. */
export function withOwnLogger<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
  return (event, context) => invocation.run(root.createChild(), () => handler(event, context));
}
