import { Alert, Button, Card, Descriptions, Progress, Space, Table, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { Me } from '../api/types';
import { formatInstant, formatLocalDeadline, formatNumber, zoneLabel } from '../time';
import { toneTag, type Tone } from '../tone';
import { protocolIssues, sendWithGrant, type ProtocolIssue } from '../upload';
import { uploadFileProblem } from '../upload-checks';

/** What GET /v1/orgs/{org}/abonent-files returns per file (shared/services/api/abonent.ts). */
interface AbonentFile {
  fileId: string;
  campaignId: string;
  batch: string;
  groups: string;
  status: 'FORMED' | 'EMPTY' | 'FAILED';
  rows: number | null;
  formedAt: string | null;
  returnBy: string;
  acceptsReturns: boolean;
  lastAcceptedReturn: { status: string; receivedAt: string; loadedBy?: Loader } | null;
}
interface Loader {
  org: string;
  by: string;
  onBehalf: boolean;
}
interface ReturnView {
  returnFileId: string;
  receivedAt: string;
  name: string;
  status: string;
  rows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  errors?: number;
  loadedBy?: Loader;
  protocol: { csvUrl: string; xlsxUrl: string } | null;
}
type ProtocolRow = ProtocolIssue & { key: number };

const FILE_STATUS: Record<AbonentFile['status'], string> = { FORMED: 'сформирован', EMPTY: 'нет лиц для информирования', FAILED: 'ошибка формирования' };
const RETURN_STATUS: Record<string, { label: string; tone: Tone }> = {
  VALIDATING: { label: 'проверяется', tone: 'blue' },
  ACCEPTED: { label: 'принят', tone: 'green' },
  PARTIAL: { label: 'принят частично', tone: 'orange' },
  REJECTED: { label: 'отклонён', tone: 'red' },
  DUPLICATE: { label: 'повторный файл', tone: 'grey' },
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const POLL_MS = 1500;
/** As the server's OMS_RETURN_MAX_BYTES default (shared/config.ts), which checks it again. */
const RETURN_RULE = { extensions: ['.xlsx'], maxBytes: 50 * 1024 * 1024 };

const returnTag = (status: string) => {
  const s = RETURN_STATUS[status] ?? { label: status, tone: 'grey' };
  return toneTag(s.label, s.tone);
};
const loaderText = (l: Loader | undefined) => (l ? `${l.onBehalf ? `ТФОМС ${l.org} за МО` : `МО ${l.org}`}, СНИЛС ${l.by}` : 'не указано');

async function filesOf(org: string): Promise<AbonentFile[]> {
  const { data, error, response } = await api.GET('/v1/orgs/{org}/abonent-files', { params: { path: { org } } });
  if (!data) throw new Error(errorMessage(error, response.status));
  return (data as unknown as { files: AbonentFile[] }).files;
}

async function returnsOf(org: string, fileId: string): Promise<ReturnView[]> {
  const { data, error, response } = await api.GET('/v1/orgs/{org}/abonent-files/{fileId}/returns', { params: { path: { org, fileId } } });
  if (!data) throw new Error(errorMessage(error, response.status));
  return (data as unknown as { returns: ReturnView[] }).returns;
}

/** «Абонентский пункт» of an MO: its files of stages 2–3, download, the filled file back, its protocol. */
export function AbonentFiles({ me }: { me: Me }) {
  const zone = me.timeZone;
  const [files, setFiles] = useState<AbonentFile[]>();
  const [chosen, setChosen] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [uploadError, setUploadError] = useState<string>();
  const [retry, setRetry] = useState<() => void>();
  const [percent, setPercent] = useState<number>();
  const [latest, setLatest] = useState<ReturnView>();
  const [rows, setRows] = useState<ProtocolRow[]>();
  const poll = useRef<ReturnType<typeof setTimeout>>(undefined);

  const reloadFiles = useCallback(() => filesOf(me.org).then(setFiles, (e: Error) => setFailure(e.message)), [me.org]);
  useEffect(() => void reloadFiles(), [reloadFiles]);
  useEffect(() => {
    if (!chosen && files?.length) setChosen((files.find((f) => f.status === 'FORMED') ?? files[0]!).fileId);
  }, [files, chosen]);

  /** The newest return of the chosen file, refreshed until its check has finished. */
  const follow = useCallback(
    (fileId: string, name?: string) => {
      clearTimeout(poll.current);
      const tick = async () => {
        try {
          const all = await returnsOf(me.org, fileId);
          const newest = name ? all.find((r) => r.name === name) : all[0];
          setLatest(newest);
          if ((name && !newest) || newest?.status === 'VALIDATING') {
            poll.current = setTimeout(() => void tick(), POLL_MS);
            return;
          }
          if (newest?.protocol) {
            const csv = await fetch(newest.protocol.csvUrl);
            setRows(protocolIssues(await csv.text()).map((issue, key) => ({ ...issue, key })));
          } else setRows(undefined);
          if (name) void reloadFiles();
        } catch (e) {
          setFailure((e as Error).message);
        }
      };
      void tick();
    },
    [me.org, reloadFiles],
  );
  useEffect(() => {
    setLatest(undefined);
    setRows(undefined);
    if (chosen) follow(chosen);
    return () => clearTimeout(poll.current);
  }, [chosen, follow]);

  const download = async (f: AbonentFile) => {
    const { data, error, response } = await api.GET('/v1/orgs/{org}/abonent-files/{fileId}/download', { params: { path: { org: me.org, fileId: f.fileId } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    window.location.assign((data as unknown as { url: string }).url);
  };

  const upload = async (fileId: string, file: File) => {
    setUploadError(undefined);
    setRetry(undefined);
    setLatest(undefined);
    setRows(undefined);
    const problem = uploadFileProblem(file, RETURN_RULE);
    if (problem) return setUploadError(problem);
    setPercent(0);
    const grantReturn = () => api.POST('/v1/orgs/{org}/abonent-files/{fileId}/returns', { params: { path: { org: me.org, fileId } }, body: { size: file.size, contentType: XLSX } });
    const sent = await sendWithGrant(grantReturn, file, setPercent);
    if (!sent.ok) {
      // The chosen file is kept: «Повторить» asks for a new link and sends it again.
      setPercent(undefined);
      if (sent.retryable) setRetry(() => () => void upload(fileId, file));
      return setUploadError(sent.message);
    }
    follow(fileId, sent.name);
  };

  const current = files?.find((f) => f.fileId === chosen);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        Абонентский пункт
      </Typography.Title>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить данные" description={failure} style={{ marginBottom: 16 }} />}
      <Table<AbonentFile>
        rowKey="fileId"
        size="middle"
        loading={!files}
        dataSource={files}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: 'Файлов абонентского пункта пока нет: ТФОМС ещё не сформировал их' }}
        rowClassName={(f) => (f.fileId === chosen ? 'ant-table-row-selected' : '')}
        columns={[
          { title: 'Кампания', dataIndex: 'campaignId' },
          { title: 'Партия', key: 'batch', render: (_, f) => `${f.batch} (${f.groups})` },
          { title: 'Состояние', key: 'status', render: (_, f) => FILE_STATUS[f.status] },
          { title: 'Лиц', key: 'rows', align: 'right', render: (_, f) => (f.rows == null ? '—' : formatNumber(f.rows)) },
          { title: `Вернуть до (${zoneLabel(zone)})`, key: 'returnBy', render: (_, f) => formatLocalDeadline(f.returnBy, '24:00') },
          {
            title: 'Последний принятый возврат',
            key: 'last',
            render: (_, f) =>
              f.lastAcceptedReturn ? (
                <>
                  {returnTag(f.lastAcceptedReturn.status)} {formatInstant(f.lastAcceptedReturn.receivedAt, zone)}
                  <br />
                  <Typography.Text type="secondary">загрузил: {loaderText(f.lastAcceptedReturn.loadedBy)}</Typography.Text>
                </>
              ) : (
                'нет'
              ),
          },
          {
            title: 'Действия',
            key: 'actions',
            render: (_, f) =>
              f.status === 'FORMED' && (
                <Space wrap>
                  <Button onClick={() => void download(f)} aria-label={`Скачать файл партии ${f.batch}`}>
                    Скачать
                  </Button>
                  <Button type={f.fileId === chosen ? 'primary' : 'default'} onClick={() => setChosen(f.fileId)} aria-label={`Возврат файла партии ${f.batch}`}>
                    Возврат
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {current?.status === 'FORMED' && (
        <Card title={`Возврат заполненного файла: ${current.campaignId}, партия ${current.batch}`} style={{ marginTop: 16 }}>
          {!current.acceptsReturns && <Alert type="warning" showIcon message="Приём заполненных файлов по этой партии закрыт" style={{ marginBottom: 16 }} />}
          {/* No `accept` filter: a dropped file of another type would be dropped silently; the check names it instead. */}
          <Upload.Dragger
            multiple={false}
            showUploadList={false}
            customRequest={({ file }) => void upload(current.fileId, file as File)}
          >
            <p className="ant-upload-text">Перетащите сюда заполненный файл XLSX или нажмите, чтобы выбрать его</p>
            <p className="ant-upload-hint">Файл проверяется сразу после загрузки; протокол появится ниже.</p>
          </Upload.Dragger>
          {percent !== undefined && <Progress percent={percent} aria-label="Загрузка файла" style={{ marginTop: 12 }} />}
          {uploadError && (
            <Alert
              type="error"
              showIcon
              message="Файл не принят"
              description={uploadError}
              action={retry && <Button onClick={retry}>Повторить</Button>}
              style={{ marginTop: 16 }}
            />
          )}
          {latest && (
            <section aria-label="Результат проверки" style={{ marginTop: 16 }}>
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                Результат проверки
              </Typography.Title>
              <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
                <Descriptions.Item label="Статус">
                  <span data-testid="return-status">{returnTag(latest.status)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={`Получен (${zoneLabel(zone)})`}>{formatInstant(latest.receivedAt, zone)}</Descriptions.Item>
                <Descriptions.Item label="Загрузил">{loaderText(latest.loadedBy)}</Descriptions.Item>
                {latest.status !== 'VALIDATING' && (
                  <>
                    <Descriptions.Item label="Строк">{formatNumber(latest.rows ?? 0)}</Descriptions.Item>
                    <Descriptions.Item label="Принято">{formatNumber(latest.acceptedRows ?? 0)}</Descriptions.Item>
                    <Descriptions.Item label="Отклонено">{formatNumber(latest.rejectedRows ?? 0)}</Descriptions.Item>
                  </>
                )}
              </Descriptions>
              {latest.protocol && (
                <Space style={{ margin: '12px 0' }}>
                  <Button href={latest.protocol.xlsxUrl}>Скачать протокол (XLSX)</Button>
                  <Button href={latest.protocol.csvUrl}>Скачать протокол (CSV)</Button>
                </Space>
              )}
              {rows && (
                <Table<ProtocolRow>
                  size="small"
                  dataSource={rows}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  locale={{ emptyText: 'Ошибок нет' }}
                  columns={[
                    { title: 'Строка', dataIndex: 'row', width: 80 },
                    { title: 'Поле', dataIndex: 'field', width: 160 },
                    { title: 'Значение', dataIndex: 'value', width: 160 },
                    { title: 'Код', dataIndex: 'code', width: 90 },
                    { title: 'Сообщение', dataIndex: 'message' },
                  ]}
                />
              )}
            </section>
          )}
        </Card>
      )}
    </>
  );
}
