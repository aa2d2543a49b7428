import { Alert, Button, Card, Descriptions, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Me } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { protocolIssues, putWithProgress, sendFailure, type ProtocolIssue, type UploadGrantBody } from '../../upload';
import { CONNECTION_LOST, uploadFileProblem } from '../../upload-checks';
import { forgetUpload, isMultipart, rememberUpload, savedUpload, uploadParts, type MultipartAnswer } from '../../multipart';

/** A received file as GET /v1/regions/{region}/files answers it (shared/services/api/stage1.ts fileView). */
interface ReceivedFile {
  fileId: string;
  kind: string;
  name: string;
  size: number;
  receivedAt: string;
  phase: 'RECEIVED' | 'VALIDATING' | 'FINALIZING' | 'LOADING' | 'DONE';
  status?: 'ACCEPTED' | 'PARTIAL' | 'REJECTED' | 'DUPLICATE';
  encoding?: string;
  rows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  errors?: number;
  warnings?: number;
}

const STATUS: Record<NonNullable<ReceivedFile['status']>, { label: string; color: string }> = {
  ACCEPTED: { label: 'Принят', color: '#237804' },
  PARTIAL: { label: 'Принят частично', color: '#ad4e00' },
  REJECTED: { label: 'Отклонён', color: '#a8071a' },
  DUPLICATE: { label: 'Повторный файл', color: '#595959' },
};
const KIND: Record<string, string> = { insured: 'Застрахованные лица', covid: 'Выписка регистра COVID' };
/** As the server's EXPORT_MAX_BYTES (shared/services/api/exports.ts), which checks it again. */
const EXPORT_RULE = { extensions: ['.csv', '.xlsx'], maxBytes: 2 * 1024 * 1024 * 1024 };
/** While any file is still being checked, the list is read again this often. */
const REFRESH_MS = 2000;

const count = (n?: number) => (n === undefined ? '—' : formatNumber(n));

function statusTag(file: ReceivedFile) {
  if (file.phase !== 'DONE' || !file.status) return <Tag color="#0958d9">Проверяется</Tag>;
  // Solid tags with white text: the pale presets fall below WCAG AA contrast.
  const s = STATUS[file.status];
  return <Tag color={s.color}>{s.label}</Tag>;
}

/** «Полученные файлы»: the region's exports with their ФЛК status, counts and protocols; a new export uploaded with progress. */
export function ReceivedFiles({ me }: { me: Me }) {
  const region = me.orgType === 'FOMS' ? 'federal' : (me.region ?? me.org);
  const [files, setFiles] = useState<ReceivedFile[]>();
  const [cursor, setCursor] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [progress, setProgress] = useState<{ name: string; percent: number; error?: string; retry?: File }>();

  const firstPage = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/regions/{region}/files', { params: { path: { region } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    const body = data as unknown as { files: ReceivedFile[]; cursor?: string };
    setFiles((old) => [...body.files, ...(old ?? []).slice(body.files.length).filter((f) => !body.files.some((n) => n.fileId === f.fileId))]);
    setCursor((c) => c ?? body.cursor);
  }, [region]);

  const nextPage = async () => {
    const { data, error, response } = await api.GET('/v1/regions/{region}/files', { params: { path: { region }, query: { cursor } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    const body = data as unknown as { files: ReceivedFile[]; cursor?: string };
    setFiles((old) => [...(old ?? []), ...body.files]);
    setCursor(body.cursor);
  };

  useEffect(() => void firstPage(), [firstPage]);
  // A file in the pipeline changes status on its own; an upload waits for its file to be registered.
  const checking = files?.some((f) => f.phase !== 'DONE') || (progress?.percent === 100 && !progress.error);
  useEffect(() => {
    if (!checking) return;
    const timer = setInterval(() => void firstPage(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [checking, firstPage]);
  useEffect(() => {
    if (progress?.percent === 100 && files?.some((f) => f.name === progress.name)) setProgress(undefined);
  }, [files, progress]);

  /** The next multipart answer of an upload: S3's parts so far and URLs for the missing ones. */
  const partsOf = async (uploadId: string, file: File): Promise<MultipartAnswer> => {
    const { data, error, response } = await api.POST('/v1/regions/{region}/files/uploads/{uploadId}/parts', {
      params: { path: { region, uploadId } },
      body: { size: file.size, name: file.name },
    });
    if (!data) throw Object.assign(new Error(errorMessage(error, response.status)), { status: response.status });
    return data as unknown as MultipartAnswer;
  };

  /** A large file's parts, resumed from S3's list when this file was started before, then completed. */
  const uploadLarge = async (file: File, started: MultipartAnswer, onProgress: (percent: number) => void) => {
    rememberUpload(region, file, started);
    await uploadParts(file, started, () => partsOf(started.uploadId, file), onProgress);
    const { error, response } = await api.POST('/v1/regions/{region}/files/uploads/{uploadId}/complete', {
      params: { path: { region, uploadId: started.uploadId } },
      body: { size: file.size, name: file.name },
    });
    if (!response.ok) throw new Error(errorMessage(error, response.status));
    forgetUpload(region);
  };

  /** An upload begun earlier for this very file, if S3 still has it (a finished or expired one is forgotten). */
  const resumable = async (file: File): Promise<MultipartAnswer | undefined> => {
    const saved = savedUpload(region, file);
    if (!saved) return undefined;
    try {
      return await partsOf(saved.uploadId, file);
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
      forgetUpload(region);
      return undefined;
    }
  };

  const upload = async (file: File) => {
    const problem = uploadFileProblem(file, EXPORT_RULE);
    if (problem) return setProgress({ name: file.name, percent: 0, error: problem });
    setProgress({ name: file.name, percent: 0 });
    let name = file.name;
    let inParts = false;
    try {
      let grant: UploadGrantBody | MultipartAnswer | undefined = await resumable(file);
      if (!grant) {
        const { data, error, response } = await api.POST('/v1/regions/{region}/files/uploads', { params: { path: { region } }, body: { size: file.size, name: file.name } });
        if (!data) return setProgress({ name: file.name, percent: 0, error: errorMessage(error, response.status) });
        grant = data as unknown as UploadGrantBody | MultipartAnswer;
      }
      name = grant.key.split('/').pop() ?? file.name;
      const onProgress = (percent: number) => setProgress({ name, percent });
      inParts = isMultipart(grant);
      if (isMultipart(grant)) await uploadLarge(file, grant, onProgress);
      else await putWithProgress(grant, file, onProgress);
      setProgress({ name, percent: 100 });
    } catch (e) {
      // The chosen file is kept: «Повторить» continues a large upload with its missing parts, or
      // starts a small one again with a new link.
      const message = sendFailure(e);
      // A large file's bar stays where it was: that much is kept in S3 for «Повторить».
      setProgress((p) => ({ name, percent: inParts ? (p?.percent ?? 0) : 0, error: message, retry: message === CONNECTION_LOST ? file : undefined }));
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Полученные файлы</Typography.Title>
      <Card title={me.orgType === 'FOMS' ? 'Загрузить выписку регистра COVID' : 'Загрузить выгрузку застрахованных лиц'} size="small">
        {/* No `accept` filter: a dropped file of another type would be dropped silently; the check names it instead. */}
        <Upload.Dragger showUploadList={false} customRequest={({ file }) => void upload(file as File)} aria-label="Файл выгрузки (CSV или XLSX)">
          <p>Перетащите файл CSV или XLSX сюда или нажмите, чтобы выбрать. Кодировка CSV — UTF-8 или windows-1251, разделитель «;».</p>
        </Upload.Dragger>
        {progress && (
          <div style={{ marginTop: 12 }} aria-live="polite">
            <Typography.Text>{progress.name}</Typography.Text>
            <Progress percent={progress.percent} status={progress.error ? 'exception' : progress.percent === 100 ? 'success' : 'active'} aria-label={`Загрузка ${progress.name}`} />
            {progress.error && (
              <Alert
                type="error"
                showIcon
                message="Файл не загружен"
                description={progress.error}
                action={progress.retry && <Button onClick={() => void upload(progress.retry!)}>Повторить</Button>}
              />
            )}
            {progress.percent === 100 && !progress.error && <Typography.Text type="secondary">Файл загружен, ожидаем регистрации…</Typography.Text>}
          </div>
        )}
      </Card>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить список файлов" description={failure} />}
      <Typography.Text type="secondary">Время получения — по часам региона: {zoneLabel(me.timeZone)}</Typography.Text>
      <Table<ReceivedFile>
        rowKey="fileId"
        size="small"
        loading={!files && !failure}
        dataSource={files}
        pagination={false}
        virtual
        scroll={{ y: 420 }}
        onRow={(f) => ({ onClick: () => setSelected(f.fileId), style: { cursor: 'pointer' } })}
        rowClassName={(f) => (f.fileId === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: 'Файл', dataIndex: 'name', width: 190 },
          { title: 'Вид', dataIndex: 'kind', width: 160, render: (k: string) => KIND[k] ?? k },
          { title: 'Получен', dataIndex: 'receivedAt', width: 150, render: (at: string) => formatInstant(at, me.timeZone) },
          { title: 'Статус', width: 140, render: (_: unknown, f) => statusTag(f) },
          { title: 'Строк', dataIndex: 'rows', width: 90, align: 'right', render: count },
          { title: 'Принято', dataIndex: 'acceptedRows', width: 90, align: 'right', render: count },
          { title: 'Отклонено', dataIndex: 'rejectedRows', width: 110, align: 'right', render: count },
          { title: 'Протокол', width: 110, render: (_: unknown, f) => <Button size="small" onClick={() => setSelected(f.fileId)}>Открыть</Button> },
        ]}
      />
      {cursor && <Button onClick={() => void nextPage()}>Показать ещё</Button>}
      {selected && <FileProtocol region={region} fileId={selected} timeZone={me.timeZone} refreshKey={files?.find((f) => f.fileId === selected)?.phase} />}
    </Space>
  );
}

/** One file: counts and its ФЛК protocol — on screen, and as CSV and XLSX through the API's signed links. */
function FileProtocol({ region, fileId, timeZone, refreshKey }: { region: string; fileId: string; timeZone: string; refreshKey?: string }) {
  const [detail, setDetail] = useState<{ file: ReceivedFile; protocol: { csvUrl?: string; xlsxUrl?: string } }>();
  const [issues, setIssues] = useState<ProtocolIssue[]>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    setIssues(undefined);
    api.GET('/v1/regions/{region}/files/{fileId}', { params: { path: { region, fileId } } }).then(async ({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      const body = data as unknown as NonNullable<typeof detail>;
      setDetail(body);
      if (!body.protocol.csvUrl) return;
      const csv = await fetch(body.protocol.csvUrl);
      if (csv.ok) setIssues(protocolIssues(await csv.text()));
      else setFailure(`Протокол не получен (HTTP ${csv.status}).`);
    }, (e: Error) => setFailure(e.message));
  }, [region, fileId, refreshKey]);

  if (failure) return <Alert type="error" showIcon message="Не удалось открыть файл" description={failure} />;
  if (!detail) return null;
  const { file, protocol } = detail;
  return (
    <Card title={`Протокол ФЛК: ${file.name}`} size="small">
      <Descriptions size="small" column={3}>
        <Descriptions.Item label="Статус">{statusTag(file)}</Descriptions.Item>
        <Descriptions.Item label="Получен">{`${formatInstant(file.receivedAt, timeZone)} (${zoneLabel(timeZone)})`}</Descriptions.Item>
        <Descriptions.Item label="Кодировка">{file.encoding ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Строк">{count(file.rows)}</Descriptions.Item>
        <Descriptions.Item label="Принято">{count(file.acceptedRows)}</Descriptions.Item>
        <Descriptions.Item label="Отклонено">{count(file.rejectedRows)}</Descriptions.Item>
        <Descriptions.Item label="Ошибок">{count(file.errors)}</Descriptions.Item>
        <Descriptions.Item label="Предупреждений">{count(file.warnings)}</Descriptions.Item>
      </Descriptions>
      {protocol.csvUrl && (
        <Space style={{ margin: '8px 0' }}>
          <Button href={protocol.csvUrl}>Скачать протокол CSV</Button>
          <Button href={protocol.xlsxUrl}>Скачать протокол XLSX</Button>
        </Space>
      )}
      {issues && (
        <Table<ProtocolIssue>
          aria-label="Строки протокола"
          rowKey={(i) => `${i.row}-${i.code}-${i.field}-${i.message}`}
          size="small"
          dataSource={issues}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: 'Строка', dataIndex: 'row', width: 80 },
            { title: 'Поле', dataIndex: 'field', width: 120 },
            { title: 'Значение', dataIndex: 'value', width: 180 },
            { title: 'Код', dataIndex: 'code', width: 80 },
            { title: 'Уровень', dataIndex: 'level', width: 120 },
            { title: 'Сообщение', dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}
