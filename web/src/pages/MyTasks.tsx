import { Alert, Card, Descriptions, Table, Tabs, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { Me, Obligation, Violation } from '../api/types';
import { countdown, formatInstant, formatLocalDeadline, formatNumber, zoneLabel } from '../time';

const OPEN_STATES = new Set(['OPEN', 'OVERDUE']);
/** At most this many pages of obligations (100 each) are read for the home page. */
const MAX_PAGES = 20;

function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

async function openObligations(org: string): Promise<Obligation[]> {
  const out: Obligation[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, error, response } = await api.GET('/v1/orgs/{org}/obligations', { params: { path: { org }, query: cursor ? { cursor } : {} } });
    if (!data) throw new Error(errorMessage(error, response.status));
    const body = data as unknown as { obligations: Obligation[]; cursor?: string };
    out.push(...body.obligations.filter((o) => OPEN_STATES.has(o.state)));
    cursor = body.cursor;
    if (!cursor) break;
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

async function violationsOf(org: string): Promise<Violation[]> {
  const { data, error, response } = await api.GET('/v1/orgs/{org}/violations', { params: { path: { org } } });
  if (!data) throw new Error(errorMessage(error, response.status));
  return (data as unknown as { violations: Violation[] }).violations;
}

type Tab = 'obligations' | 'violations';
const tabOf = (): Tab => (new URLSearchParams(window.location.search).get('tab') === 'violations' ? 'violations' : 'obligations');

/** «Мои задачи»: the organization's open duties with their deadlines on the region's clock, and its violations. */
export function MyTasks({ me }: { me: Me }) {
  const now = useNow();
  const [obligations, setObligations] = useState<Obligation[]>();
  const [violations, setViolations] = useState<Violation[]>();
  const [failure, setFailure] = useState<string>();
  const [tab, setTab] = useState<Tab>(tabOf);

  useEffect(() => {
    openObligations(me.org).then(setObligations, (e: Error) => setFailure(e.message));
    violationsOf(me.org).then(setViolations, (e: Error) => setFailure(e.message));
  }, [me.org]);

  const choose = (key: string) => {
    const next = key === 'violations' ? 'violations' : 'obligations';
    setTab(next);
    window.history.replaceState(null, '', next === 'violations' ? '/?tab=violations' : '/');
  };
  const zone = me.timeZone;
  const open = violations?.filter((v) => !v.resolvedAt).length ?? 0;

  return (
    <>
      {/* A plain heading: antd's Typography (editable, copyable) stays out of the first load. */}
      <h1 className="page-title">Мои задачи</h1>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="Организация">
            {me.orgName ?? me.org} ({me.org})
          </Descriptions.Item>
          <Descriptions.Item label="Регион">{me.regionName ?? 'Российская Федерация'}</Descriptions.Item>
          <Descriptions.Item label="Время региона">
            <span data-testid="region-clock">
              {formatInstant(new Date(now), zone)} ({zoneLabel(zone, new Date(now))})
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить задачи" description={failure} style={{ marginBottom: 16 }} />}
      <Tabs
        activeKey={tab}
        onChange={choose}
        items={[
          {
            key: 'obligations',
            label: `Открытые обязательства${obligations ? ` (${formatNumber(obligations.length)})` : ''}`,
            children: (
              <Table<Obligation>
                rowKey="id"
                size="middle"
                loading={!obligations}
                dataSource={obligations}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: 'Открытых обязательств нет' }}
                columns={[
                  { title: 'Что сделать', dataIndex: 'title' },
                  { title: 'Шаг', dataIndex: 'step', width: 70 },
                  {
                    title: `Срок (${zoneLabel(zone)})`,
                    key: 'due',
                    width: 190,
                    render: (_, o) => (
                      <>
                        {formatLocalDeadline(o.dueDate, o.dueTime)}
                        {o.calendar && (
                          <Tag title={o.calendar.note} style={{ marginLeft: 8, color: '#613400', background: '#fffbe6', borderColor: '#d48806' }}>
                            календарь предварительный
                          </Tag>
                        )}
                      </>
                    ),
                  },
                  {
                    title: 'До срока',
                    key: 'countdown',
                    width: 230,
                    render: (_, o) => {
                      const c = countdown(o.dueAt, now);
                      return <Tag color={c.overdue ? 'red' : Date.parse(o.dueAt) - now < 86_400_000 ? 'orange' : 'blue'}>{c.text}</Tag>;
                    },
                  },
                  { title: 'Состояние', dataIndex: 'stateLabel', width: 130 },
                ]}
              />
            ),
          },
          {
            key: 'violations',
            label: `Нарушения${violations ? ` (${formatNumber(open)})` : ''}`,
            children: (
              <Table<Violation>
                rowKey="obligationId"
                size="middle"
                loading={!violations}
                dataSource={violations}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: 'Нарушений нет' }}
                columns={[
                  { title: 'Обязательство', dataIndex: 'title' },
                  { title: `Срок (${zoneLabel(zone)})`, key: 'due', width: 170, render: (_, v) => formatInstant(v.dueAt, zone) },
                  { title: 'Выявлено', key: 'detected', width: 170, render: (_, v) => formatInstant(v.detectedAt, zone) },
                  { title: 'Основание', dataIndex: 'evidence' },
                  {
                    title: 'Состояние',
                    key: 'state',
                    width: 170,
                    render: (_, v) =>
                      v.resolvedAt ? (
                        <Tag color="green">устранено {formatInstant(v.resolvedAt, zone)}</Tag>
                      ) : v.escalatedAt ? (
                        <Tag color="red">передано в ФОМС</Tag>
                      ) : (
                        <Tag color="orange">не устранено</Tag>
                      ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}
