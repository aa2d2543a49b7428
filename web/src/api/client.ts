import createClient, { type Middleware } from 'openapi-fetch';
import { currentSession, signIn } from '../auth';
import type { paths } from './schema';

/**
 * The typed client of the public HTTP API (types generated from /openapi.json): a changed route
 * breaks the console's typecheck. Every call carries the session's token; an expired or refused
 * session sends the user to sign in again and back to the same page.
 */
const bearer: Middleware = {
  async onRequest({ request }) {
    const session = currentSession();
    if (!session) return signIn();
    request.headers.set('authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401) return signIn();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** The API's error body, in Russian: `{ error: { code, message } }`. */
export function errorMessage(error: unknown, status?: number): string {
  const message = (error as { error?: { message?: string } } | undefined)?.error?.message;
  return message ?? `Сервер ответил ошибкой${status ? ` ${status}` : ''}. Повторите позже.`;
}
