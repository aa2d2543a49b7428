import { Alert, Button, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { CALLBACK_PATH, completeSignIn, currentSession, signIn, signedOut } from './auth';
import { Shell } from './Shell';

type Stage = { kind: 'loading' } | { kind: 'ready' } | { kind: 'signed-out' } | { kind: 'failed'; message: string };

/**
 * Sign-in first (the issuer's page, then back here with a code), then the console. `signedIn`: the
 * callback's code exchange, started by main.tsx before this script had loaded.
 */
export function App({ signedIn }: { signedIn?: Promise<string> }) {
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });

  useEffect(() => {
    if (window.location.pathname === CALLBACK_PATH) {
      (signedIn ?? completeSignIn())
        .then((returnTo) => {
          window.history.replaceState(null, '', returnTo);
          setStage({ kind: 'ready' });
        })
        .catch((error: Error) => setStage({ kind: 'failed', message: error.message }));
    } else if (currentSession()) setStage({ kind: 'ready' });
    else if (signedOut()) setStage({ kind: 'signed-out' });
    else signIn().catch((error: Error) => setStage({ kind: 'failed', message: error.message }));
  }, [signedIn]);

  switch (stage.kind) {
    case 'loading':
      return (
        <main className="centered">
          <Spin size="large" tip="Вход…">
            <div style={{ padding: 48 }} />
          </Spin>
        </main>
      );
    case 'signed-out':
      return (
        <main className="centered">
          {/* An Alert, not antd's Result: Result carries its status illustrations into the first load. */}
          <Alert type="info" showIcon message="Вы вышли из ГИС ОМС" action={<Button type="primary" onClick={() => void signIn('/')}>Войти снова</Button>} />
        </main>
      );
    case 'failed':
      return (
        <main className="centered">
          <Alert type="error" showIcon message="Вход не выполнен" description={stage.message} action={<Button onClick={() => void signIn('/')}>Войти снова</Button>} />
        </main>
      );
    case 'ready':
      return <Shell onSignedOut={() => setStage({ kind: 'signed-out' })} />;
  }
}
