import { Alert, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { InformingView, Me, RegionTargetsView, SmoFileStatus, SmoRegistry } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { CampaignBatchPicker, stagePath, type CampaignBatch } from './CampaignBatchPicker';

/** While informing files are formed, their progress is read again this often. */
const REFRESH_MS = 2000;

const FILE_STATUS: Record<SmoFileStatus, { label: string; color: string }> = {
  PENDING: { label: 'формируется', color: '#0958d9' },
  FORMED: { label: 'сформирован', color: '#237804' },
  UNCHANGED: { label: 'без изменений', color: '#595959' },
  EMPTY: { label: 'нет лиц', color: '#595959' },
  CANCELLED: { label: 'отменён', color: '#595959' },
  FAILED: { label: 'ошибка', color: '#a8071a' },
};
const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));
const percent = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 1 });

/**
 * «Этап 4: информирование»: the region's SMO registry (4.1), forming the SMOs' informing files
 * from the approved registry (4.2/4.4) and each SMO's progress: its file, receipt, share informed.
 */
export function Informing({ me }: { me: Me }) {
  const region = me.region ?? me.org;
  const [pick, setPick] = useState<CampaignBatch>();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Этап 4: информирование застрахованных лиц</Typography.Title>
      <SmoList region={region} timeZone={me.timeZone} />
      <CampaignBatchPicker value={pick} onChange={setPick} />
      {pick && <InformingProgress key={`${pick.campaign.id}-${pick.batch}`} pick={pick} region={region} timeZone={me.timeZone} />}
    </Space>
  );
}

/** 4.1: the SMOs registered to work in the region, and those of F002 that are not. */
function SmoList({ region, timeZone }: { region: string; timeZone: string }) {
  const [registry, setRegistry] = useState<SmoRegistry>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    api.GET('/v1/regions/{region}/smos', { params: { path: { region } } }).then(({ data, error, response }) => {
      if (data) setRegistry(data as unknown as SmoRegistry);
      else setFailure(errorMessage(error, response.status));
    }, (e: Error) => setFailure(e.message));
  }, [region]);

  return (
    <Card size="small" title="Реестр СМО региона (4.1)">
      {failure && <Alert type="error" showIcon message="Не удалось загрузить реестр СМО" description={failure} />}
      <Table
        aria-label="СМО, зарегистрированные в регионе"
        rowKey="code"
        size="small"
        loading={!registry && !failure}
        dataSource={registry?.smos}
        pagination={false}
        locale={{ emptyText: 'В регионе не зарегистрировано ни одной СМО' }}
        columns={[
          { title: 'Код (F002)', dataIndex: 'code', width: 110 },
          { title: 'Наименование', dataIndex: 'name' },
          { title: 'Состояние', dataIndex: 'state', width: 230, render: (s: string, r) => <Tag color={s === 'ACTIVE' ? '#237804' : '#595959'}>{r.stateLabel}</Tag> },
          { title: 'Руководитель', dataIndex: 'headRegistered', width: 160, render: (v: boolean) => (v ? 'зарегистрирован' : 'не зарегистрирован') },
          { title: `Работает с (${zoneLabel(timeZone)})`, dataIndex: 'activeSince', width: 260, render: (at: string) => formatInstant(at, timeZone) },
        ]}
      />
      {registry && registry.notRegistered.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="smos-not-registered">
          СМО региона по справочнику F002, не зарегистрированные для работы: {registry.notRegistered.map((s) => `${s.code} ${s.name}`).join('; ')}.
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 4.2/4.4: the run that forms every registered SMO's file, its progress, and each SMO's file and share informed. */
function InformingProgress({ pick, region, timeZone }: { pick: CampaignBatch; region: string; timeZone: string }) {
  const path = stagePath(pick, region);
  const [view, setView] = useState<InformingView>();
  const [shares, setShares] = useState<Map<string, RegionTargetsView['bySmo'][number]['total']>>();
  const [failure, setFailure] = useState<string>();
  const [commandFailure, setCommandFailure] = useState<string>();
  const [sending, setSending] = useState(false);

  const load = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/informing', { params: { path } });
    if (!data) return setFailure(errorMessage(error, response.status));
    setFailure(undefined);
    setView(data as unknown as InformingView);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path.campaignId, path.batch, region]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    api.GET('/v1/campaigns/{campaignId}/regions/{region}/informing-targets', { params: { path: { campaignId: path.campaignId, region } } }).then(({ data }) => {
      // The shares are an addition: without them the table still shows files and receipts.
      if (data) setShares(new Map((data as unknown as RegionTargetsView).bySmo.map((s) => [s.smo, s.total])));
    });
  }, [path.campaignId, region]);
  const pending = (view?.progress.pending ?? 0) > 0;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, load]);

  const form = async () => {
    setCommandFailure(undefined);
    setSending(true);
    const { error, response } = await api.POST('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/informing', { params: { path } });
    setSending(false);
    if (!response.ok) return setCommandFailure(errorMessage(error, response.status));
    await load();
  };

  const p = view?.progress;
  return (
    <Card size="small" title="Файлы для информирования (4.2/4.4)">
      {failure && <Alert type="error" showIcon message="Не удалось загрузить ход формирования" description={failure} />}
      {view && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>Реестр партии: {view.registryStateLabel}</Typography.Text>
          {p && p.smos > 0 && (
            <Progress percent={Math.round((p.done / p.smos) * 100)} status={p.failed ? 'exception' : p.pending ? 'active' : 'success'} aria-label="Сформировано файлов СМО" format={() => <span className="progress-count">{`${n(p.done)} из ${n(p.smos)} СМО`}</span>} />
          )}
          {p && (
            <Typography.Text data-testid="informing-counts">
              Сформировано: {n(p.formed)} · без изменений: {n(p.unchanged)} · без лиц: {n(p.empty)} · в очереди: {n(p.pending)} · ошибок: {n(p.failed)}
            </Typography.Text>
          )}
          <Space>
            <Button type="primary" loading={sending} onClick={() => void form()}>
              Сформировать файлы для СМО
            </Button>
            <Typography.Text type="secondary">СМО без изменений новой версии не получают.</Typography.Text>
          </Space>
          {commandFailure && <Alert type="error" showIcon message="Файлы не сформированы" description={commandFailure} />}
          <Table
            aria-label="Ход информирования по СМО"
            rowKey="smo"
            size="small"
            dataSource={view.smos}
            pagination={false}
            locale={{ emptyText: 'Файлы для СМО ещё не формировались' }}
            columns={[
              { title: 'СМО', dataIndex: 'smo', width: 80 },
              { title: 'Наименование', dataIndex: 'name', ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: 'Файл', dataIndex: 'status', width: 140, render: (s: SmoFileStatus, r) => <Tag color={FILE_STATUS[s].color} title={r.error ?? undefined}>{FILE_STATUS[s].label}</Tag> },
              { title: 'Версия', dataIndex: 'version', width: 80, align: 'right', render: n },
              { title: 'Лиц', dataIndex: 'rows', width: 80, align: 'right', render: n },
              { title: 'Сформирован', dataIndex: 'formedAt', width: 140, render: (at: string | null) => (at ? formatInstant(at, timeZone) : '—') },
              { title: 'Получен СМО', dataIndex: 'acknowledgedAt', width: 140, render: (at: string | null, r) => (at ? formatInstant(at, timeZone) : r.firstDownloadedAt ? 'скачан' : 'нет') },
              {
                title: 'Проинформировано',
                width: 180,
                align: 'right',
                render: (_: unknown, r) => {
                  const t = shares?.get(r.smo);
                  return t ? `${n(t.informed)} из ${n(t.persons)}${t.share === null ? '' : ` (${percent.format(t.share)})`}` : '—';
                },
              },
            ]}
          />
          <Typography.Text type="secondary">Время — по часам региона: {zoneLabel(timeZone)}</Typography.Text>
        </Space>
      )}
    </Card>
  );
}
