import { Alert, Button, Layout, Menu, Space, Spin } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, errorMessage } from './api/client';
import type { Me, OrgType } from './api/types';
import { signOut } from './auth';
import { MyTasks } from './pages/MyTasks';

// Screens of one kind of organization load on first use: the home page's bundle does not carry them (nor ECharts).
const ReceivedFiles = lazy(() => import('./pages/tfoms/ReceivedFiles').then((m) => ({ default: m.ReceivedFiles })));
const AbonentFiles = lazy(() => import('./pages/AbonentFiles').then((m) => ({ default: m.AbonentFiles })));
const Stage1Check = lazy(() => import('./pages/tfoms/Stage1Check').then((m) => ({ default: m.Stage1Check })));

export const ORG_KIND: Record<OrgType, string> = {
  FOMS: 'ФОМС',
  TFOMS: 'ТФОМС',
  MO: 'Медицинская организация',
  SMO: 'Страховая медицинская организация',
};

/**
 * The frame of every screen: who is signed in, for which organization, and the menu of what this
 * kind of organization works with. Screens of later slices appear here as they are built; hiding
 * an item is a convenience only — the API decides who may do what.
 */
const SCREENS: Record<string, { label: string; kinds: OrgType[]; page: (me: Me) => React.ReactNode }> = {
  '/': { label: 'Мои задачи', kinds: ['FOMS', 'TFOMS', 'MO', 'SMO'], page: (me) => <MyTasks me={me} /> },
  '/abonent': { label: 'Абонентский пункт', kinds: ['MO'], page: (me) => <AbonentFiles me={me} /> },
  '/files': { label: 'Полученные файлы', kinds: ['TFOMS'], page: (me) => <ReceivedFiles me={me} /> },
  '/check': { label: 'Проверка списков (1.6)', kinds: ['TFOMS'], page: (me) => <Stage1Check me={me} /> },
};

function menuOf(kind: OrgType) {
  const children = Object.entries(SCREENS).filter(([, s]) => s.kinds.includes(kind)).map(([key, s]) => ({ key, label: s.label }));
  return [{ type: 'group' as const, key: kind, label: ORG_KIND[kind], children }];
}

/** The screen at the address, or home when this kind of organization has no such screen. */
const screenOf = (path: string, kind: OrgType) => (SCREENS[path]?.kinds.includes(kind) ? path : '/');

export function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const [me, setMe] = useState<Me>();
  const [failure, setFailure] = useState<string>();
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const back = () => setPath(window.location.pathname);
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  const go = (to: string) => {
    if (to !== window.location.pathname) window.history.pushState(null, '', to);
    setPath(to);
  };

  useEffect(() => {
    api.GET('/v1/me').then(({ data, error, response }) => {
      if (data) setMe(data as unknown as Me);
      else setFailure(errorMessage(error, response.status));
    });
  }, []);

  const leave = () => {
    signOut();
    onSignedOut();
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="header">
        <span className="brand">ГИС ОМС</span>
        {me && (
          <Space className="who" size="middle">
            <span>
              {me.fio} · {me.orgName ?? ORG_KIND[me.orgType]} ({me.org})
            </span>
            <Button onClick={leave}>Выйти</Button>
          </Space>
        )}
      </Layout.Header>
      <Layout>
        <Layout.Sider width={250} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label="Разделы">{me && <Menu mode="inline" selectedKeys={[screenOf(path, me.orgType)]} items={menuOf(me.orgType)} onClick={({ key }) => go(key)} />}</nav>
        </Layout.Sider>
        {/* antd's Content is the page's <main> landmark. */}
        <Layout.Content className="content">
          {failure && <Alert type="error" showIcon message="Не удалось загрузить профиль" description={failure} />}
          {!me && !failure && <Spin />}
          {me && <Suspense fallback={<Spin />}>{SCREENS[screenOf(path, me.orgType)]!.page(me)}</Suspense>}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
