import { AsyncLocalStorage } from 'node:async_hooks';
import { ENV, queueEnvName, type FunctionDecl } from '../../shared/runtime/declarations.js';

/**
 * In AWS a function's environment holds the URL of a queue only when its `sendTo` declares it (and
 * IAM grants the send: infra/constructs/functions.ts). The local runtime runs every handler in one
 * process with one process.env, so inside an invocation it hides the URLs of the other queues: a
 * send to an undeclared queue fails here with the same "Missing environment variable" as in AWS.
 * Outside invocations (tests, demo scripts) every URL stays visible.
 */
const declaredQueueUrls = new AsyncLocalStorage<ReadonlySet<string>>();
let installed = false;

/** Runs `invoke` with the environment function `f` has in AWS as far as queue URLs go. */
export function withDeclaredQueues<T>(f: FunctionDecl, invoke: () => T): T {
  hideUndeclaredQueueUrls();
  return declaredQueueUrls.run(new Set((f.access.sendTo ?? []).map(queueEnvName)), invoke);
}

function isHidden(name: string | symbol): boolean {
  const declared = declaredQueueUrls.getStore();
  return declared !== undefined && typeof name === 'string' && name.startsWith(ENV.queueUrlPrefix) && !declared.has(name);
}

function hideUndeclaredQueueUrls(): void {
  if (installed) return;
  installed = true;
  process.env = new Proxy(process.env, {
    get: (env, name) => (isHidden(name) ? undefined : Reflect.get(env, name)),
    has: (env, name) => !isHidden(name) && Reflect.has(env, name),
    // Onto process.env itself: it takes only plain data properties, which a set through the proxy would not be.
    set: (env, name, value) => Reflect.set(env, name, value),
  });
}
