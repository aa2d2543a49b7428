import { Alert, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { InformingFile, Me } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { toneTag } from './common';

type Format = InformingFile['formats'][number];
const FORMAT_LABEL: Record<Format, string> = { xlsx: 'XLSX', csv: 'CSV', changes: 'Изменения' };
/** Not yet downloaded by anyone of the SMO: the file is news to it. */
const isNew = (f: InformingFile) => !f.downloaded && f.current !== false;

function changesText(f: InformingFile): string {
  if (!f.changes) return 'первая версия';
  const { previousVersion, added, removed, dateChanged } = f.changes;
  return `к версии ${previousVersion}: добавлено ${formatNumber(added)}, исключено ${formatNumber(removed)}, изменена дата ${formatNumber(dateChanged)}`;
}

/**
 * «Файлы информирования» of an SMO (stage 4, seed 000 4.2–4.4): every version the TFOMS formed with
 * what changed since the one before; a download is a signed link the API records in the audit log;
 * receipt is acknowledged once, after a download.
 */
export function InformingFiles({ me }: { me: Me }) {
  const zone = me.timeZone;
  const [files, setFiles] = useState<InformingFile[]>();
  const [failure, setFailure] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/orgs/{org}/informing-files', { params: { path: { org: me.org } } });
    if (data) setFiles((data as unknown as { files: InformingFile[] }).files);
    else setFailure(errorMessage(error, response.status));
  }, [me.org]);
  useEffect(() => void reload(), [reload]);

  const download = async (f: InformingFile, format: Format) => {
    setFailure(undefined);
    const { data, error, response } = await api.GET('/v1/orgs/{org}/informing-files/{fileId}/download', { params: { path: { org: me.org, fileId: f.fileId }, query: { format } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    window.location.assign((data as unknown as { url: string }).url);
    // The download counts as the SMO's receipt: the list shows it (and allows acknowledging).
    void reload();
  };

  const acknowledge = async (f: InformingFile) => {
    setFailure(undefined);
    const { data, error, response } = await api.POST('/v1/orgs/{org}/informing-files/{fileId}/acknowledge', { params: { path: { org: me.org, fileId: f.fileId } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    const at = (data as unknown as { acknowledgedAt: string }).acknowledgedAt;
    setNotice(`Получение файла партии ${f.batch}, версия ${f.version}, подтверждено ${formatInstant(at, zone)} (${zoneLabel(zone)}).`);
    void reload();
  };

  const fresh = files?.filter(isNew).length ?? 0;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        Файлы информирования
      </Typography.Title>
      {failure && <Alert type="error" showIcon message="Действие не выполнено" description={failure} style={{ marginBottom: 16 }} closable onClose={() => setFailure(undefined)} />}
      {notice && <Alert type="success" showIcon message={notice} style={{ marginBottom: 16 }} />}
      {fresh > 0 && <Alert type="info" showIcon message={`Новых файлов: ${formatNumber(fresh)}. Скачайте их и подтвердите получение.`} style={{ marginBottom: 16 }} />}
      <Table<InformingFile>
        rowKey="fileId"
        size="middle"
        loading={!files}
        dataSource={files}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: 'Файлов для информирования пока нет: ТФОМС сформирует их после утверждения реестра' }}
        onRow={(f) => (isNew(f) ? { style: { background: '#fffbe6' }, 'data-new': 'true' } : {})}
        columns={[
          { title: 'Кампания', dataIndex: 'campaignId', width: 110 },
          { title: 'Партия', key: 'batch', width: 130, render: (_, f) => `${f.batch} (${f.groups})` },
          {
            title: 'Версия',
            key: 'version',
            width: 150,
            render: (_, f) => (
              <Space size={4} wrap>
                {f.version}
                {f.current === false ? toneTag('заменена', 'grey') : toneTag('действующая', 'blue')}
                {isNew(f) && toneTag('новый', 'orange')}
              </Space>
            ),
          },
          { title: 'Лиц', dataIndex: 'rows', width: 90, align: 'right', render: (n: number) => formatNumber(n) },
          { title: `Сформирован (${zoneLabel(zone)})`, key: 'formedAt', width: 170, render: (_, f) => formatInstant(f.formedAt, zone) },
          { title: 'Изменения', key: 'changes', render: (_, f) => changesText(f) },
          {
            title: 'Получение',
            key: 'receipt',
            width: 200,
            render: (_, f) =>
              f.acknowledged ? (
                <span data-testid="acknowledged">
                  {toneTag('подтверждено', 'green')} {formatInstant(f.acknowledgedAt!, zone)}
                </span>
              ) : f.downloaded ? (
                toneTag('скачан, не подтверждён', 'orange')
              ) : (
                toneTag('не скачан', 'grey')
              ),
          },
          {
            title: 'Действия',
            key: 'actions',
            width: 250,
            render: (_, f) => (
              <Space wrap size={4}>
                {f.formats.map((format) => (
                  <Button key={format} size="small" onClick={() => void download(f, format)} aria-label={`Скачать ${FORMAT_LABEL[format]}: партия ${f.batch}, версия ${f.version}`}>
                    {FORMAT_LABEL[format]}
                  </Button>
                ))}
                {!f.acknowledged && (
                  <Popconfirm
                    title="Подтвердить получение?"
                    description={`Файл партии ${f.batch}, версия ${f.version}: подтверждение даётся один раз.`}
                    okText="Подтвердить"
                    cancelText="Отмена"
                    onConfirm={() => acknowledge(f)}
                  >
                    <Button size="small" type="primary" disabled={!f.downloaded} aria-label={`Подтвердить получение: партия ${f.batch}, версия ${f.version}`}>
                      Подтвердить
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
