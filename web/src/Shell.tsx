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
const StaffUsers = lazy(() => import('./pages/access/StaffUsers').then((m) => ({ default: m.StaffUsers })));
const Documents = lazy(() => import('./pages/access/Documents').then((m) => ({ default: m.Documents })));
const PendingDocuments = lazy(() => import('./pages/access/PendingDocuments').then((m) => ({ default: m.PendingDocuments })));
const AuditLog = lazy(() => import('./pages/access/AuditLog').then((m) => ({ default: m.AuditLog })));
const FundUsers = lazy(() => import('./pages/access/FundUsers').then((m) => ({ default: m.FundUsers })));
const CampaignProgress = lazy(() => import('./pages/foms/CampaignProgress').then((m) => ({ default: m.CampaignProgress })));
const FomsViolations = lazy(() => import('./pages/foms/Violations').then((m) => ({ default: m.Violations })));
const FomsSchedule = lazy(() => import('./pages/foms/Schedule').then((m) => ({ default: m.Schedule })));
const Hospitalization = lazy(() => import('./pages/mo/Hospitalization').then((m) => ({ default: m.Hospitalization })));
const HospitalizationCompliance = lazy(() => import('./pages/tfoms/HospitalizationCompliance').then((m) => ({ default: m.HospitalizationCompliance })));
const Stages = lazy(() => import('./pages/tfoms/Stages').then((m) => ({ default: m.Stages })));
const Informing = lazy(() => import('./pages/tfoms/Informing').then((m) => ({ default: m.Informing })));
const InformingFiles = lazy(() => import('./pages/smo/InformingFiles').then((m) => ({ default: m.InformingFiles })));
const InformingResults = lazy(() => import('./pages/smo/InformingResults').then((m) => ({ default: m.InformingResults })));
const Targets = lazy(() => import('./pages/smo/Targets').then((m) => ({ default: m.Targets })));

export const ORG_KIND: Record<OrgType, string> = {
  FOMS: 'ФОМС',
  TFOMS: 'ТФОМС',
  MO: 'Медицинская организация',
  SMO: 'Страховая медицинская организация',
};

/** Staff management is for the head or authority B «Утверждение» (seed 003); the API checks it again. */
const managesUsers = (me: Me) => me.isHead || me.grants.some((g) => g.authority === 'B' && g.role === 'Утверждение');

/**
 * The frame of every screen: who is signed in, for which organization, and the menu of what this
 * kind of organization works with. Screens of later slices appear here as they are built; hiding
 * an item is a convenience only — the API decides who may do what.
 */
const SCREENS: Record<string, { label: string; kinds: OrgType[]; page: (me: Me) => React.ReactNode; shownTo?: (me: Me) => boolean }> = {
  '/': { label: 'Мои задачи', kinds: ['FOMS', 'TFOMS', 'MO', 'SMO'], page: (me) => <MyTasks me={me} /> },
  '/abonent': { label: 'Абонентский пункт', kinds: ['MO'], page: (me) => <AbonentFiles me={me} /> },
  '/hospitalization': { label: 'Плановая госпитализация', kinds: ['MO'], page: (me) => <Hospitalization me={me} /> },
  '/informing-files': { label: 'Файлы информирования', kinds: ['SMO'], page: (me) => <InformingFiles me={me} /> },
  '/informing-results': { label: 'Отправка результатов', kinds: ['SMO'], page: (me) => <InformingResults me={me} /> },
  '/targets': { label: 'Целевые показатели', kinds: ['SMO'], page: (me) => <Targets me={me} /> },
  '/documents': { label: 'Документы', kinds: ['MO', 'SMO'], page: (me) => <Documents me={me} /> },
  '/users': { label: 'Пользователи и роли', kinds: ['MO', 'SMO'], shownTo: managesUsers, page: (me) => <StaffUsers me={me} /> },
  '/files': { label: 'Полученные файлы', kinds: ['TFOMS'], page: (me) => <ReceivedFiles me={me} /> },
  '/check': { label: 'Проверка списков (1.6)', kinds: ['TFOMS'], page: (me) => <Stage1Check me={me} /> },
  '/stages': { label: 'Этапы 2–3', kinds: ['TFOMS'], page: (me) => <Stages me={me} /> },
  '/informing': { label: 'Этап 4: информирование', kinds: ['TFOMS'], page: (me) => <Informing me={me} /> },
  '/hospitalization-compliance': { label: 'Госпитализация', kinds: ['TFOMS'], page: (me) => <HospitalizationCompliance me={me} /> },
  '/pending-documents': { label: 'Документы участников', kinds: ['TFOMS'], page: (me) => <PendingDocuments me={me} /> },
  '/heads': { label: 'Руководители МО и СМО', kinds: ['TFOMS'], page: (me) => <FundUsers me={me} /> },
  '/audit': { label: 'Журнал аудита', kinds: ['TFOMS'], page: (me) => <AuditLog me={me} /> },
  '/progress': { label: 'Ход кампании', kinds: ['FOMS'], page: () => <CampaignProgress /> },
  '/violations': { label: 'Нарушения', kinds: ['FOMS'], page: (me) => <FomsViolations me={me} /> },
  '/schedule': { label: 'График кампании', kinds: ['FOMS'], page: () => <FomsSchedule /> },
  '/fund-users': { label: 'Пользователи ТФОМС', kinds: ['FOMS'], page: (me) => <FundUsers me={me} /> },
};

function menuOf(me: Me) {
  const kind = me.orgType;
  const children = Object.entries(SCREENS).filter(([, s]) => s.kinds.includes(kind) && (s.shownTo?.(me) ?? true)).map(([key, s]) => ({ key, label: s.label }));
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
          <nav aria-label="Разделы">{me && <Menu mode="inline" selectedKeys={[screenOf(path, me.orgType)]} items={menuOf(me)} onClick={({ key }) => go(key)} />}</nav>
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
