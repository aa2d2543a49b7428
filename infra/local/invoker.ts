import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDecl } from '../../shared/runtime/declarations.js';
import { lambdaContext } from './events.js';
import { withDeclaredQueues } from './function-env.js';

/**
 * Runs the handler of a declared function like the Lambda service would: module imported once
 * (cold start), a fresh context per call, only its declared queues' URLs in its environment
 * (function-env.ts), the function's timeout enforced, and at most
 * `concurrency` invocations of one function at a time so a 2-core machine is not swamped.
 */

export type Release = () => void;

class Semaphore {
  private waiters: Array<() => void> = [];
  private used = 0;
  constructor(private readonly size: number) {}

  async acquire(): Promise<Release> {
    if (this.used >= this.size) await new Promise<void>((r) => this.waiters.push(r));
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
      this.waiters.shift()?.();
    };
  }
}

type Handler = (event: unknown, context: Context, callback?: (error: unknown, result?: unknown) => void) => unknown;

export class Invoker {
  private readonly functions = new Map<string, FunctionDecl>();
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly modules = new Map<string, Promise<Handler>>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly opts: { repoRoot: string; functions: FunctionDecl[]; concurrency: number; log: (msg: string) => void },
  ) {
    for (const f of opts.functions) {
      this.functions.set(f.id, f);
      this.semaphores.set(f.id, new Semaphore(opts.concurrency));
    }
  }

  /** Invocations started and not yet finished (or timed out). */
  get inFlight(): number {
    return this.running;
  }

  decl(functionId: string): FunctionDecl {
    const f = this.functions.get(functionId);
    if (!f) throw new Error(`Unknown function "${functionId}"`);
    return f;
  }

  /** Waits for a free concurrency slot; pass it to `invoke` (pollers take the slot before receiving). */
  acquire(functionId: string): Promise<Release> {
    this.decl(functionId);
    return this.semaphores.get(functionId)!.acquire();
  }

  async invoke(functionId: string, event: unknown, slot?: Release): Promise<unknown> {
    const f = this.decl(functionId);
    const release = slot ?? (await this.acquire(functionId));
    this.running++;
    const context = lambdaContext(f);
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = await this.load(f);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Task timed out after ${f.timeoutSeconds}.00 seconds`)),
          f.timeoutSeconds * 1000,
        );
      });
      return await Promise.race([withDeclaredQueues(f, () => call(handler, event, context)), timeout]);
    } finally {
      clearTimeout(timer);
      release();
      this.running--;
      if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Resolves once no invocation is running. */
  async drained(): Promise<void> {
    if (this.running === 0) return;
    await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  private load(f: FunctionDecl): Promise<Handler> {
    let loaded = this.modules.get(f.id);
    if (!loaded) {
      const url = pathToFileURL(resolve(this.opts.repoRoot, f.entry)).href;
      loaded = import(url).then((mod: Record<string, unknown>) => {
        if (typeof mod.handler !== 'function') throw new Error(`${f.entry} has no exported "handler" function`);
        return mod.handler as Handler;
      });
      // A failed import (e.g. a handler not written yet) is retried on the next invocation.
      loaded.catch(() => this.modules.delete(f.id));
      this.modules.set(f.id, loaded);
    }
    return loaded;
  }
}

function call(handler: Handler, event: unknown, context: Context): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const callback = (error: unknown, result?: unknown) => (error ? reject(error) : resolvePromise(result));
    try {
      const result = handler(event, context, callback);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(resolvePromise, reject);
      } else if (handler.length < 3) {
        resolvePromise(result);
      }
    } catch (error) {
      reject(error);
    }
  });
}
