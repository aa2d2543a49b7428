import { Alert, Button, Card, Input, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CompliancePage, ComplianceStatus, FreeBedsPage, Me } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { TONE, toneTag, type Tone } from '../../tone';

const ru = (iso: string) => iso.split('-').reverse().join('.');
const STATUS_TONE: Record<ComplianceStatus, Tone> = { 'в срок': 'green', 'с опозданием': 'orange', 'нет сведений': 'red' };
const ALL = 'все';
type Filter = ComplianceStatus | typeof ALL;

/**
 * «Госпитализация» of a TFOMS (seed 004): the day's compliance of every obligated MO (on time, late,
 * nothing) and free beds across the region by profile. Up to 9,000 MOs: pages from the server,
 * virtual rows on screen.
 */
export function HospitalizationCompliance({ me }: { me: Me }) {
  const region = me.region ?? me.org;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        Госпитализация
      </Typography.Title>
      <Compliance region={region} timeZone={me.timeZone} />
      <FreeBeds region={region} />
    </Space>
  );
}

function Compliance({ region, timeZone }: { region: string; timeZone: string }) {
  const [date, setDate] = useState('');
  const [filter, setFilter] = useState<Filter>(ALL);
  const [page, setPage] = useState<CompliancePage>();
  const [rows, setRows] = useState<CompliancePage['rows']>();
  const [failure, setFailure] = useState<string>();

  const load = useCallback(
    async (cursor?: string) => {
      setFailure(undefined);
      const query = { ...(date ? { date } : {}), ...(filter !== ALL ? { status: filter } : {}), ...(cursor ? { cursor } : {}) };
      const { data, error, response } = await api.GET('/v1/regions/{region}/hospitalization/compliance', { params: { path: { region }, query: query as never } });
      if (!data) return setFailure(errorMessage(error, response.status));
      const body = data as unknown as CompliancePage;
      setPage((old) => (cursor && old ? { ...body, report: old.report } : body));
      setRows((old) => (cursor ? [...(old ?? []), ...body.rows] : body.rows));
    },
    [region, date, filter],
  );
  useEffect(() => void load(), [load]);

  return (
    <Card title="Представление сведений за сутки">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input type="date" aria-label="Отчётные сутки" value={date || page?.forDate || ''} onChange={(e) => e.target.value && setDate(e.target.value)} style={{ width: 170 }} />
        <Segmented<Filter> aria-label="Статус" value={filter} onChange={setFilter} options={[ALL, 'в срок', 'с опозданием', 'нет сведений']} />
        {page?.report && <Button href={page.report.url}>Скачать отчёт (XLSX)</Button>}
      </Space>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить сведения" description={failure} style={{ marginBottom: 12 }} />}
      {page && (
        <Space wrap size="large" style={{ marginBottom: 12 }}>
          <Typography.Text>
            Сведения за {ru(page.forDate)}, срок — {formatInstant(page.dueAt, timeZone)} ({zoneLabel(timeZone)})
          </Typography.Text>
          {(Object.keys(STATUS_TONE) as ComplianceStatus[]).map((s) => (
            <Statistic key={s} title={s} value={formatNumber(page.counts[s])} valueStyle={{ fontSize: 20, color: TONE[STATUS_TONE[s]].color }} />
          ))}
        </Space>
      )}
      {page?.calendar && <Alert type="warning" showIcon message={page.calendar.note} style={{ marginBottom: 12 }} />}
      <Table<CompliancePage['rows'][number]>
        aria-label="МО и представление сведений"
        rowKey="mo"
        size="small"
        loading={!rows && !failure}
        dataSource={rows}
        pagination={false}
        virtual
        scroll={{ x: 980, y: 360 }}
        locale={{ emptyText: 'Нет МО с таким статусом' }}
        columns={[
          { title: 'Код МО', dataIndex: 'mo', width: 90 },
          { title: 'Наименование', dataIndex: 'name', width: 320, ellipsis: true },
          { title: 'Статус', dataIndex: 'status', width: 130, render: (s: ComplianceStatus) => toneTag(s, STATUS_TONE[s]) },
          { title: `Представлено (${zoneLabel(timeZone)})`, dataIndex: 'submittedAt', width: 200, render: (at: string | null) => (at ? formatInstant(at, timeZone) : '—') },
          { title: 'Примечание', dataIndex: 'note', width: 240, ellipsis: true, render: (n?: string) => n ?? '' },
        ]}
      />
      {page?.cursor && (
        <Button style={{ marginTop: 8 }} onClick={() => void load(page.cursor!)}>
          Показать ещё
        </Button>
      )}
    </Card>
  );
}

function FreeBeds({ region }: { region: string }) {
  const [date, setDate] = useState('');
  const [profile, setProfile] = useState<string>();
  const [page, setPage] = useState<FreeBedsPage>();
  const [beds, setBeds] = useState<FreeBedsPage['beds']>();
  const [profiles, setProfiles] = useState<FreeBedsPage['totals']>([]);
  const [failure, setFailure] = useState<string>();

  const load = useCallback(
    async (cursor?: string) => {
      setFailure(undefined);
      const query = { ...(date ? { date } : {}), ...(profile ? { profile } : {}), ...(cursor ? { cursor } : {}) };
      const { data, error, response } = await api.GET('/v1/regions/{region}/hospitalization/free-beds', { params: { path: { region }, query: query as never } });
      if (!data) return setFailure(errorMessage(error, response.status));
      const body = data as unknown as FreeBedsPage;
      setPage(body);
      setBeds((old) => (cursor ? [...(old ?? []), ...body.beds] : body.beds));
      if (!profile) setProfiles(body.totals);
    },
    [region, date, profile],
  );
  useEffect(() => void load(), [load]);

  return (
    <Card title="Свободные места по региону">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input type="date" aria-label="День" value={date || page?.date || ''} onChange={(e) => e.target.value && setDate(e.target.value)} style={{ width: 170 }} />
        <Select
          allowClear
          style={{ width: 340 }}
          placeholder="Все профили"
          aria-label="Профиль койки"
          value={profile}
          onChange={setProfile}
          options={profiles.map((t) => ({ value: t.profile, label: `${t.profile} ${t.profileName ?? ''}` }))}
        />
      </Space>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить свободные места" description={failure} style={{ marginBottom: 12 }} />}
      <Table<FreeBedsPage['totals'][number]>
        aria-label="Свободные места по профилям"
        rowKey="profile"
        size="small"
        loading={!page && !failure}
        dataSource={page?.totals}
        pagination={false}
        locale={{ emptyText: 'На этот день свободных мест не указано' }}
        columns={[
          { title: 'Профиль койки', key: 'p', render: (_, t) => `${t.profile} ${t.profileName ?? ''}` },
          { title: 'Свободно мест', dataIndex: 'free', align: 'right', width: 160, render: formatNumber },
          { title: 'МО', dataIndex: 'mos', align: 'right', width: 100, render: formatNumber },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        По МО
      </Typography.Title>
      <Table<FreeBedsPage['beds'][number]>
        aria-label="Свободные места по МО"
        rowKey={(b) => `${b.profile}-${b.mo}`}
        size="small"
        dataSource={beds}
        pagination={false}
        virtual
        scroll={{ x: 980, y: 300 }}
        locale={{ emptyText: 'Нет МО со свободными местами' }}
        columns={[
          { title: 'Профиль', dataIndex: 'profile', width: 90 },
          { title: 'МО', key: 'mo', width: 480, ellipsis: true, render: (_, b) => `${b.mo} ${b.moName ?? ''}` },
          { title: 'Свободно', dataIndex: 'free', width: 110, align: 'right', render: formatNumber },
          { title: 'Освобождение', dataIndex: 'releaseDate', width: 140, render: (d: string | null) => (d ? ru(d) : '—') },
          { title: 'Сведения за сутки', dataIndex: 'forDate', width: 160, render: ru },
        ]}
      />
      {page?.cursor && (
        <Button style={{ marginTop: 8 }} onClick={() => void load(page.cursor!)}>
          Показать ещё
        </Button>
      )}
    </Card>
  );
}
