import { Alert, App, Button, Card, Col, Descriptions, Progress, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Me, RegistryView, ReturnDeadline, ReturnState, StageMo, StageMosPage, StageView } from '../../api/types';
import { countdown, formatInstant, formatLocalDeadline, formatNumber, zoneLabel } from '../../time';
import { CampaignBatchPicker, stagePath, type CampaignBatch } from './CampaignBatchPicker';

/** While files are formed or final lists written, the stage is read again this often. */
const REFRESH_MS = 2000;
/** MOs per server page: a region may have 9,000; the table draws only the rows in view. */
const MOS_PAGE = 500;

const FILE_STATUS: Record<StageMo['status'], string> = { PENDING: 'формируется', FORMED: 'сформирован', EMPTY: 'нет лиц партии', FAILED: 'ошибка формирования' };
// Solid tags with white text: the pale presets fall below WCAG AA contrast.
const RETURN_COLOR: Record<ReturnState, string> = { RETURNED: '#237804', RETURNED_LATE: '#ad4e00', WAITING: '#0958d9', OVERDUE: '#a8071a', NOTHING_TO_RETURN: '#595959' };
const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));

/** «05.12.2026 24:00 (Europe/Moscow, GMT+3)». */
const deadlineText = (d: ReturnDeadline) => `${formatLocalDeadline(d.date, d.time)} (${zoneLabel(d.timeZone)})`;

/**
 * «Этапы 2–3»: the TFOMS follows a batch of its region — forming of the MOs' files, who returned
 * and who is late on the region's clock, the registry's check and approval, the final list.
 */
export function Stages({ me }: { me: Me }) {
  const region = me.region ?? me.org;
  const [pick, setPick] = useState<CampaignBatch>();
  const [stage, setStage] = useState<StageView>();
  const [failure, setFailure] = useState<string>();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  const path = pick && stagePath(pick, region);
  const load = useCallback(async () => {
    if (!path) return;
    const { data, error, response } = await api.GET('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}', { params: { path } });
    if (!data) return setFailure(errorMessage(error, response.status));
    setFailure(undefined);
    setStage(data as unknown as StageView);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path?.campaignId, path?.batch, region]);

  useEffect(() => {
    setStage(undefined);
    void load();
  }, [load, version]);
  const busy = !!stage && ((stage.progress?.pending ?? 0) > 0 || (stage.state === 'APPROVED' && !stage.finalListReady));
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [busy, load]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Этапы 2–3: файлы МО, реестр, итоговые списки</Typography.Title>
      <CampaignBatchPicker value={pick} onChange={setPick} />
      {failure && <Alert type="error" showIcon message="Не удалось загрузить этап" description={failure} />}
      {stage && path && (
        <>
          <Forming stage={stage} path={path} onStarted={reload} />
          <Returns stage={stage} />
          <MoList path={path} timeZone={me.timeZone} refreshKey={`${version}-${stage.progress?.done}-${stage.progress?.returned}`} />
          <Registry stage={stage} path={path} onApproved={reload} />
          <FinalList stage={stage} path={path} />
        </>
      )}
    </Space>
  );
}

type StagePath = ReturnType<typeof stagePath>;

/** x.1: files formed N of M, failures by MO; starting (or repeating for the failed) is the TFOMS's command. */
function Forming({ stage, path, onStarted }: { stage: StageView; path: StagePath; onStarted: () => void }) {
  const [failure, setFailure] = useState<string>();
  const p = stage.progress;
  const start = async () => {
    setFailure(undefined);
    const { error, response } = await api.POST('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/forming', { params: { path } });
    if (!response.ok) return setFailure(errorMessage(error, response.status));
    onStarted();
  };
  const canStart = stage.state === 'NOT_STARTED' || (stage.state === 'FORMING' && (p?.failed ?? 0) > 0);
  return (
    <Card size="small" title={`Формирование файлов МО (x.1) — ${stage.groups}`}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="Состояние этапа">{stage.stateLabel}</Descriptions.Item>
        <Descriptions.Item label="День формирования">{formatLocalDeadline(stage.schedule.formOn, '00:00').slice(0, 10)}</Descriptions.Item>
      </Descriptions>
      {p && p.mos > 0 && (
        <>
          <Progress percent={Math.round((p.done / p.mos) * 100)} status={p.failed ? 'exception' : p.pending ? 'active' : 'success'} aria-label="Сформировано файлов МО" format={() => <span className="progress-count">{`${n(p.done)} из ${n(p.mos)} МО`}</span>} />
          <Typography.Text data-testid="forming-counts">
            Сформировано: {n(p.formed)} · без лиц партии: {n(p.empty)} · в очереди: {n(p.pending)} · ошибок: {n(p.failed)}
          </Typography.Text>
        </>
      )}
      {p && p.failures.length > 0 && (
        <Table
          aria-label="Ошибки формирования по МО"
          style={{ marginTop: 8 }}
          rowKey="mo"
          size="small"
          dataSource={p.failures}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: 'МО', dataIndex: 'mo', width: 100 },
            { title: 'Ошибка', dataIndex: 'error', render: (e?: string) => e ?? '—' },
            { title: 'Попыток', dataIndex: 'attempts', width: 100, align: 'right' },
          ]}
        />
      )}
      {canStart && (
        <Button style={{ marginTop: 8 }} type="primary" onClick={() => void start()}>
          {stage.state === 'NOT_STARTED' ? 'Сформировать файлы МО' : 'Повторить формирование для МО с ошибками'}
        </Button>
      )}
      {failure && <Alert style={{ marginTop: 8 }} type="error" showIcon message="Формирование не начато" description={failure} />}
    </Card>
  );
}

/** x.2: who has returned and who is late, against the end of `returnBy` on the region's clock. */
function Returns({ stage }: { stage: StageView }) {
  const p = stage.progress;
  const d = stage.returnDeadline;
  const left = countdown(d.at, Date.now());
  return (
    <Card size="small" title="Возврат заполненных файлов МО (x.2)">
      <Row gutter={16}>
        <Col span={10}>
          <Typography.Text>Срок возврата: {deadlineText(d)}</Typography.Text>
          <br />
          <Typography.Text style={left.overdue ? { color: '#a8071a' } : undefined}>{left.text}</Typography.Text>
        </Col>
        <Col span={5}>
          <Statistic title="Вернули" value={`${n(p?.returned)} из ${n(p?.formed)}`} />
        </Col>
        <Col span={5}>
          <Statistic title="Опоздали" value={n(p?.late)} valueStyle={p?.late ? { color: '#a8071a' } : undefined} />
        </Col>
      </Row>
    </Card>
  );
}

type Only = '' | 'late' | 'failed';

/** Every MO of the batch, read from the server a page at a time; the virtual table keeps the DOM small. */
function MoList({ path, timeZone, refreshKey }: { path: StagePath; timeZone: string; refreshKey: string }) {
  const [only, setOnly] = useState<Only>('');
  const [mos, setMos] = useState<StageMo[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string>();
  const asked = useRef(0);

  const page = useCallback(
    async (after: string | null) => {
      const ask = ++asked.current;
      setLoading(true);
      const query = { limit: String(MOS_PAGE), ...(only ? { only } : {}), ...(after ? { cursor: after } : {}) };
      const { data, error, response } = await api.GET('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/mos', { params: { path, query } });
      if (ask !== asked.current) return; // a newer list (filter, batch) was asked for meanwhile
      setLoading(false);
      if (!data) return setFailure(errorMessage(error, response.status));
      setFailure(undefined);
      const body = data as unknown as StageMosPage;
      setMos((old) => (after ? [...(old ?? []), ...body.mos] : body.mos));
      setCursor(body.cursor);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [path.campaignId, path.region, path.batch, only],
  );
  useEffect(() => {
    void page(null);
  }, [page, refreshKey]);

  const more = () => {
    if (cursor && !loading) void page(cursor);
  };
  return (
    <Card size="small" title="МО партии: файлы и возврат">
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented<Only>
          aria-label="Какие МО показать"
          value={only}
          onChange={setOnly}
          options={[
            { value: '', label: 'Все МО' },
            { value: 'late', label: 'Только опоздавшие' },
            { value: 'failed', label: 'Только с ошибкой формирования' },
          ]}
        />
        <Typography.Text type="secondary" data-testid="mos-loaded">
          {mos ? `Показано МО: ${n(mos.length)}${cursor ? ' (есть ещё)' : ''}` : ''}
        </Typography.Text>
      </Space>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить список МО" description={failure} />}
      <Table<StageMo>
        aria-label="МО партии"
        rowKey="mo"
        size="small"
        loading={loading && !mos}
        dataSource={mos}
        pagination={false}
        virtual
        scroll={{ y: 360 }}
        onScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollHeight - el.scrollTop - el.clientHeight < 200) more();
        }}
        locale={{ emptyText: only === 'late' ? 'Опоздавших МО нет' : only === 'failed' ? 'Ошибок формирования нет' : 'Файлы МО ещё не формировались' }}
        columns={[
          { title: 'МО', dataIndex: 'mo', width: 90 },
          { title: 'Наименование', dataIndex: 'name', width: 270, ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: 'Файл', dataIndex: 'status', width: 150, render: (s: StageMo['status'], m) => (s === 'FAILED' ? <span title={m.error ?? ''}>{FILE_STATUS[s]}</span> : FILE_STATUS[s]) },
          { title: 'Лиц', dataIndex: 'rows', width: 80, align: 'right', render: n },
          { title: 'Возврат', dataIndex: 'returnState', width: 200, render: (s: ReturnState, m) => <Tag color={RETURN_COLOR[s]}>{m.returnStateLabel}</Tag> },
          { title: 'Получен', width: 140, render: (_: unknown, m) => (m.lastAcceptedReturn ? formatInstant(m.lastAcceptedReturn.receivedAt, timeZone) : '—') },
          { title: 'Принято строк', width: 110, align: 'right', render: (_: unknown, m) => n(m.lastAcceptedReturn?.accepted) },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 8 }} loading={loading} onClick={more}>
          Показать ещё
        </Button>
      )}
    </Card>
  );
}

/** x.4–x.5: the registry FOMS formed, its check figures, and the TFOMS's approval (with confirmation). */
function Registry({ stage, path, onApproved }: { stage: StageView; path: StagePath; onApproved: () => void }) {
  const { modal } = App.useApp();
  const [view, setView] = useState<RegistryView>();
  const [absent, setAbsent] = useState<string>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    setView(undefined);
    setAbsent(undefined);
    if (stage.state === 'NOT_STARTED') return;
    api.GET('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/registry', { params: { path } }).then(({ data, error, response }) => {
      if (data) return setView(data as unknown as RegistryView);
      if (response.status === 404) setAbsent(errorMessage(error, response.status));
      else setFailure(errorMessage(error, response.status));
    }, (e: Error) => setFailure(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path.campaignId, path.batch, stage.state]);

  const approve = () =>
    modal.confirm({
      title: 'Утвердить реестр?',
      content: 'После утверждения формируются итоговые списки МО и региона и файлы для СМО. Вернуть этап к приёму файлов сможет только ФОМС.',
      okText: 'Утвердить',
      cancelText: 'Отмена',
      onOk: async () => {
        setFailure(undefined);
        const { error, response } = await api.POST('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/registry/approve', { params: { path } });
        if (!response.ok) return setFailure(errorMessage(error, response.status));
        onApproved();
      },
    });

  const r = view?.registry;
  return (
    <Card size="small" title="Реестр партии (x.4–x.5)">
      {stage.state === 'NOT_STARTED' && <Typography.Text>Реестр формируется ФОМС после возврата файлов МО.</Typography.Text>}
      {absent && <Alert type="info" showIcon message={absent} />}
      {r && (
        <>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="Сформирован">{formatInstant(r.formedAt, stage.returnDeadline.timeZone)}</Descriptions.Item>
            <Descriptions.Item label="Лиц в реестре">{n(r.persons)}</Descriptions.Item>
            <Descriptions.Item label="С датой осмотра">{n(r.withDate)}</Descriptions.Item>
            <Descriptions.Item label="Без даты">{n(r.withoutDate)}</Descriptions.Item>
            <Descriptions.Item label="По отметкам">{Object.entries(r.byMark).map(([mark, count]) => `${mark}: ${n(count)}`).join('; ') || '—'}</Descriptions.Item>
            <Descriptions.Item label="МО не вернули файл">
              <span data-testid="registry-not-returned">{n(r.notReturned.length)}</span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            aria-label="Реестр по МО"
            style={{ marginTop: 8 }}
            rowKey="mo"
            size="small"
            dataSource={r.mos}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: 'МО', dataIndex: 'mo', width: 90 },
              { title: 'Наименование', dataIndex: 'name', ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: 'Лиц', dataIndex: 'persons', width: 90, align: 'right', render: n },
              { title: 'Файл вернули', dataIndex: 'returned', width: 130, render: (v: boolean) => (v ? 'да' : <Tag color="#a8071a">нет</Tag>) },
              { title: 'С датой', dataIndex: 'withDate', width: 90, align: 'right', render: n },
              { title: 'Без даты', dataIndex: 'withoutDate', width: 90, align: 'right', render: n },
            ]}
          />
        </>
      )}
      {stage.state === 'REGISTRY_OPEN' && r && (
        <Button style={{ marginTop: 8 }} type="primary" onClick={approve}>
          Утвердить реестр
        </Button>
      )}
      {stage.state === 'APPROVED' && <Typography.Paragraph style={{ marginTop: 8 }}>Реестр утверждён.</Typography.Paragraph>}
      {failure && <Alert style={{ marginTop: 8 }} type="error" showIcon message="Реестр не утверждён" description={failure} />}
    </Card>
  );
}

/** x.5: the region's final list through a 5-minute signed link; the API records each link in the audit log. */
function FinalList({ stage, path }: { stage: StageView; path: StagePath }) {
  const [failure, setFailure] = useState<string>();
  if (stage.state !== 'APPROVED') return null;
  const download = async () => {
    setFailure(undefined);
    const { data, error, response } = await api.GET('/v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/final-list', { params: { path } });
    if (!data) return setFailure(errorMessage(error, response.status));
    window.location.assign((data as unknown as { url: string }).url);
  };
  return (
    <Card size="small" title="Итоговый список региона (x.5)">
      {stage.finalListReady ? (
        <Space direction="vertical">
          <Button type="primary" onClick={() => void download()}>
            Скачать итоговый список
          </Button>
          <Typography.Text type="secondary">Список содержит персональные данные: получение ссылки записывается в журнал аудита. Ссылка действует 5 минут.</Typography.Text>
        </Space>
      ) : (
        <Typography.Text>Итоговые списки формируются…</Typography.Text>
      )}
      {failure && <Alert style={{ marginTop: 8 }} type="error" showIcon message="Список не получен" description={failure} />}
    </Card>
  );
}
