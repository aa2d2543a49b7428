import { Alert, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from './api/client';
import type { Me, OrgType } from './api/types';
import { signOut } from './auth';
import { AbonentFiles } from './pages/AbonentFiles';
import { MyTasks } from './pages/MyTasks';

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
function menuOf(kind: OrgType) {
  const screens = [{ key: '/', label: 'Мои задачи' }, ...(kind === 'MO' ? [{ key: '/abonent', label: 'Абонентский пункт' }] : [])];
  return [{ type: 'group' as const, key: kind, label: ORG_KIND[kind], children: screens }];
}

export function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const [me, setMe] = useState<Me>();
  const [failure, setFailure] = useState<string>();
  const [path, setPath] = useState(window.location.pathname);
  const open = ({ key }: { key: string }) => {
    window.history.pushState(null, '', key);
    setPath(key);
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
        <Typography.Text className="brand">ГИС ОМС</Typography.Text>
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
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label="Разделы">{me && <Menu mode="inline" selectedKeys={[path]} items={menuOf(me.orgType)} onClick={open} />}</nav>
        </Layout.Sider>
        {/* antd's Content is the page's <main> landmark. */}
        <Layout.Content className="content">
          {failure && <Alert type="error" showIcon message="Не удалось загрузить профиль" description={failure} />}
          {!me && !failure && <Spin />}
          {me && (path === '/abonent' && me.orgType === 'MO' ? <AbonentFiles me={me} /> : <MyTasks me={me} />)}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
