import { CALLBACK_PATH, completeSignIn, currentSession, signedOut, signIn } from './auth';

/**
 * A visitor without a session leaves for the issuer before React and antd are even fetched: the
 * sign-in page costs a few kilobytes of script, and the console itself loads once, after it.
 */
const mount = (signedIn?: Promise<string>) => import('./mount').then((m) => m.mount(signedIn));

// Back from the issuer: the code is exchanged for a token while the console's script loads.
if (window.location.pathname === CALLBACK_PATH) void mount(completeSignIn());
else if (!currentSession() && !signedOut()) signIn().catch(() => mount());
else void mount();
