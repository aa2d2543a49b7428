import { Alert, Button, Card, Col, Descriptions, Row, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Me, NotInformedPerson, SmoTargets, TargetFigures, TargetReport } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { CampaignSelect, toneTag, useCampaigns } from './common';
import { TargetsChart } from './TargetsChart';

const POLL_MS = 2000;
/** Persons per request (the API's most): 100 000 persons are 100 requests, read as the list is scrolled. */
const PAGE = 1000;
const n = formatNumber;
const share = (s: number | null) => (s === null ? '—' : `${(s * 100).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`);
const ruDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '—');
const BATCH_STATE: Record<SmoTargets['batches'][number]['state'], string> = {
  NOT_APPROVED: 'реестр не утверждён',
  COMPUTING: 'показатели рассчитываются',
  UPDATING: 'показатели обновляются',
  CURRENT: 'показатели актуальны',
};

/**
 * «Целевые показатели» of an SMO (seed 002, DOMAIN.md §3.7): the share informed individually, cumulative
 * by day and by group; the persons not yet informed, read from the server page by page as the list
 * is scrolled (virtual rows: the page holds only what is visible); the XLSX report.
 */
export function Targets({ me }: { me: Me }) {
  const [failure, setFailure] = useState<string>();
  const { campaigns, campaign, setCampaign } = useCampaigns(setFailure);
  const [targets, setTargets] = useState<SmoTargets>();

  useEffect(() => {
    if (!campaign) return;
    setTargets(undefined);
    let poll: ReturnType<typeof setTimeout>;
    const read = async () => {
      const { data, error, response } = await api.GET('/v1/orgs/{org}/informing-targets/{campaignId}', { params: { path: { org: me.org, campaignId: campaign } } });
      if (!data) return setFailure(errorMessage(error, response.status));
      const t = data as unknown as SmoTargets;
      setTargets(t);
      // Figures queued for recomputing come a moment later.
      if (t.batches.some((b) => b.state === 'COMPUTING' || b.state === 'UPDATING')) poll = setTimeout(() => void read(), POLL_MS);
    };
    void read();
    return () => clearTimeout(poll);
  }, [me.org, campaign]);

  const groups = useMemo(() => Object.entries(targets?.byGroup ?? {}).map(([group, f]) => ({ group, ...f })), [targets]);
  const lines = useMemo(() => (targets ? [{ name: 'Всего', points: targets.total.series }, ...groups.map((g) => ({ name: `Группа ${g.group}`, points: g.series }))] : []), [targets, groups]);
  const last = targets?.total.series.at(-1);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        Целевые показатели
      </Typography.Title>
      <CampaignSelect campaigns={campaigns} value={campaign} onChange={setCampaign} />
      {failure && <Alert type="error" showIcon message="Не удалось загрузить данные" description={failure} closable onClose={() => setFailure(undefined)} />}
      {targets && (
        <>
          <Space wrap>
            {targets.batches.map((b) => (
              <span key={b.batch}>
                Партия {b.batch} ({b.groups}): {toneTag(BATCH_STATE[b.state], b.state === 'CURRENT' ? 'green' : b.state === 'NOT_APPROVED' ? 'grey' : 'blue')}
              </span>
            ))}
          </Space>
          <Row gutter={16}>
            <Col xs={24} lg={9}>
              <Card size="small" title="Итого">
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label="Подлежат информированию">{n(targets.total.persons)}</Descriptions.Item>
                  <Descriptions.Item label="Проинформированы индивидуально">
                    <span data-testid="informed-total">{n(targets.total.informed)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label="Доля">{share(targets.total.share)}</Descriptions.Item>
                  <Descriptions.Item label="Ещё не проинформированы">{n(targets.total.notInformed)}</Descriptions.Item>
                  <Descriptions.Item label="Последний день с результатом">
                    <span style={{ whiteSpace: 'nowrap' }}>{ruDate(last?.date ?? null)}</span>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
            <Col xs={24} lg={15}>
              <Card size="small" title="Проинформировано нарастающим итогом по дням">
                {lines.some((l) => l.points.length) ? (
                  <TargetsChart lines={lines} label={`Проинформировано нарастающим итогом: ${lines.map((l) => `${l.name} — ${n(l.points.at(-1)?.informed ?? 0)}`).join(', ')}`} />
                ) : (
                  <Typography.Text type="secondary">Результатов «проинформирован» ещё нет.</Typography.Text>
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" title="По группам">
            <Table<TargetFigures & { group: string }>
              rowKey="group"
              size="small"
              pagination={false}
              dataSource={groups}
              locale={{ emptyText: 'Нет утверждённых реестров' }}
              columns={[
                { title: 'Группа', dataIndex: 'group', width: 90 },
                { title: 'Подлежат', dataIndex: 'persons', align: 'right', render: n },
                { title: 'Проинформированы', dataIndex: 'informed', align: 'right', render: n },
                { title: 'Доля', dataIndex: 'share', align: 'right', render: share },
                { title: 'Не проинформированы', dataIndex: 'notInformed', align: 'right', render: n },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {targets.definition}
            </Typography.Paragraph>
          </Card>
          {campaign && <NotInformed org={me.org} campaign={campaign} />}
          {campaign && <Report org={me.org} campaign={campaign} zone={me.timeZone} />}
        </>
      )}
    </Space>
  );
}

/** The persons not yet informed of one batch, a page of the server's at a time, into virtual rows. */
function NotInformed({ org, campaign }: { org: string; campaign: string }) {
  const [batch, setBatch] = useState<'12' | '34'>('12');
  const [group, setGroup] = useState<string>('');
  const [persons, setPersons] = useState<NotInformedPerson[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string>();
  // The scroll handler fires many times per page: one request at a time, for the latest filter.
  const busy = useRef(false);
  const generation = useRef(0);

  const more = useCallback(
    async (from: string | undefined, fresh: boolean) => {
      if (busy.current && !fresh) return;
      busy.current = true;
      const mine = fresh ? ++generation.current : generation.current;
      setLoading(true);
      setFailure(undefined);
      const query = { batch, limit: String(PAGE), ...(group ? { group } : {}), ...(from ? { cursor: from } : {}) };
      const { data, error, response } = await api.GET('/v1/orgs/{org}/informing-targets/{campaignId}/not-informed', { params: { path: { org, campaignId: campaign }, query } });
      if (mine !== generation.current) return;
      busy.current = false;
      setLoading(false);
      if (!data) return setFailure(errorMessage(error, response.status));
      const page = data as unknown as { persons: NotInformedPerson[]; cursor: string | null };
      setPersons((before) => (fresh ? page.persons : [...before, ...page.persons]));
      setCursor(page.cursor);
    },
    [org, campaign, batch, group],
  );
  useEffect(() => {
    setPersons([]);
    setCursor(undefined);
    void more(undefined, true);
  }, [more]);

  const done = cursor === null;
  const next = () => {
    if (!done && cursor) void more(cursor, false);
  };

  return (
    <Card size="small" title="Ещё не проинформированы">
      <Alert type="warning" showIcon message="Список содержит персональные данные: каждое обращение к нему записывается в журнал аудита" style={{ marginBottom: 12 }} />
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="ni-batch">Партия</label>
        <Select id="ni-batch" value={batch} onChange={setBatch} style={{ width: 180 }} options={[{ value: '12', label: '12 (группы 1–2)' }, { value: '34', label: '34 (группы 3–4)' }]} />
        <label htmlFor="ni-group">Группа</label>
        <Select id="ni-group" value={group} onChange={setGroup} style={{ width: 140 }} options={[{ value: '', label: 'все' }, ...['1', '2', '3', '4'].map((g) => ({ value: g, label: `группа ${g}` }))]} />
        <span role="status" data-testid="not-informed-status">
          {`Загружено ${n(persons.length)}${done ? ' — это все' : loading ? ', загружаются следующие…' : ''}`}
        </span>
        {!done && (
          <Button onClick={next} disabled={loading || !cursor}>
            Загрузить ещё
          </Button>
        )}
      </Space>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить список" description={failure} style={{ marginBottom: 12 }} action={<Button onClick={() => void more(cursor ?? undefined, persons.length === 0)}>Повторить</Button>} />}
      <Table<NotInformedPerson>
        aria-label="Лица, ещё не проинформированные"
        rowKey="enp"
        size="small"
        virtual
        scroll={{ x: 1100, y: 420 }}
        pagination={false}
        loading={loading && persons.length === 0}
        dataSource={persons}
        onScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollHeight - el.scrollTop - el.clientHeight < 600) next();
        }}
        locale={{ emptyText: done ? 'Все лица партии проинформированы' : 'Загрузка…' }}
        columns={[
          { title: 'ЕНП', dataIndex: 'enp', width: 170 },
          { title: 'ФИО', dataIndex: 'fio', width: 260, render: (v: string | null) => v ?? '—' },
          { title: 'Дата рождения', dataIndex: 'dr', width: 120, render: ruDate },
          { title: 'Телефон', dataIndex: 'phone', width: 140, render: (v: string | null) => v ?? '—' },
          { title: 'МО', dataIndex: 'mo', width: 90 },
          { title: 'Группа', dataIndex: 'group', width: 80 },
          { title: 'Дата осмотра', dataIndex: 'plannedDate', width: 120, render: ruDate },
          { title: 'Последняя попытка', key: 'last', width: 260, render: (_, p) => (p.lastAttempt ? `${ruDate(p.lastAttempt.date)}: ${p.lastAttempt.resultName} (${p.lastAttempt.channelName})` : 'не было') },
        ]}
      />
    </Card>
  );
}

/** The SMO's XLSX report (figures, series, persons not yet informed): asked for, formed in the background, then a short link. */
function Report({ org, campaign, zone }: { org: string; campaign: string; zone: string }) {
  const [report, setReport] = useState<TargetReport | null>();
  const [failure, setFailure] = useState<string>();
  const poll = useRef<ReturnType<typeof setTimeout>>(undefined);
  const path = { params: { path: { org, campaignId: campaign } } };

  const read = useCallback(async () => {
    clearTimeout(poll.current);
    const { data, error, response } = await api.GET('/v1/orgs/{org}/informing-targets/{campaignId}/report', { params: { path: { org, campaignId: campaign } } });
    if (response.status === 404) return setReport(null);
    if (!data) return setFailure(errorMessage(error, response.status));
    const r = (data as unknown as { report: TargetReport }).report;
    setReport(r);
    if (r.state === 'PENDING') poll.current = setTimeout(() => void read(), POLL_MS);
  }, [org, campaign]);
  useEffect(() => {
    void read();
    return () => clearTimeout(poll.current);
  }, [read]);

  const ask = async () => {
    setFailure(undefined);
    const { data, error, response } = await api.POST('/v1/orgs/{org}/informing-targets/{campaignId}/report', path);
    if (!data) return setFailure(errorMessage(error, response.status));
    void read();
  };

  return (
    <Card size="small" title="Отчёт XLSX">
      <Space wrap>
        <Button onClick={() => void ask()} disabled={report?.state === 'PENDING'}>
          Сформировать отчёт
        </Button>
        {report === null && <span>Отчёт ещё не запрашивался.</span>}
        {report?.state === 'PENDING' && <span role="status">Отчёт формируется…</span>}
        {report?.state === 'FAILED' && <Alert type="error" showIcon message={`Отчёт не сформирован: ${report.error ?? 'ошибка'}`} />}
        {report?.state === 'READY' && report.url && (
          <>
            <Button type="primary" href={report.url}>
              Скачать отчёт (XLSX)
            </Button>
            <span>
              сформирован {formatInstant(report.readyAt ?? report.requestedAt, zone)} ({zoneLabel(zone)})
            </span>
          </>
        )}
      </Space>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} />}
    </Card>
  );
}
