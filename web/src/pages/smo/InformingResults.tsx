import { Alert, Button, Card, Descriptions, Progress, Space, Table, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Me, ResultsUpload } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { ProtocolTable } from '../../ProtocolTable';
import { protocolIssues, sendWithGrant, type ProtocolIssue } from '../../upload';
import { CampaignSelect, toneTag, useCampaigns, type Tone } from './common';
import { resultsFormat } from './figures';

const STATUS: Record<string, { label: string; tone: Tone }> = {
  VALIDATING: { label: 'проверяется', tone: 'blue' },
  ACCEPTED: { label: 'принят', tone: 'green' },
  PARTIAL: { label: 'принят частично', tone: 'orange' },
  REJECTED: { label: 'отклонён', tone: 'red' },
  DUPLICATE: { label: 'повторный файл', tone: 'grey' },
};
const statusTag = (s: string) => toneTag(STATUS[s]?.label ?? s, STATUS[s]?.tone ?? 'grey');
const POLL_MS = 1500;
const count = (n?: number) => (n === undefined ? '—' : formatNumber(n));

/**
 * «Результаты информирования» of an SMO (DOMAIN.md §3.7): a CSV or XLSX of results through a signed PUT
 * link, its ФЛК protocol on screen once checked, and every file sent with status and counts.
 */
export function InformingResults({ me }: { me: Me }) {
  const zone = me.timeZone;
  const [failure, setFailure] = useState<string>();
  const { campaigns, campaign, setCampaign } = useCampaigns(setFailure);
  const [uploads, setUploads] = useState<ResultsUpload[]>();
  const [uploadError, setUploadError] = useState<string>();
  const [retry, setRetry] = useState<() => void>();
  const [percent, setPercent] = useState<number>();
  const [chosen, setChosen] = useState<ResultsUpload>();
  const [issues, setIssues] = useState<ProtocolIssue[]>();
  const poll = useRef<ReturnType<typeof setTimeout>>(undefined);

  const list = useCallback(async (): Promise<ResultsUpload[]> => {
    if (!campaign) return [];
    const { data, error, response } = await api.GET('/v1/orgs/{org}/informing-results/{campaignId}/uploads', { params: { path: { org: me.org, campaignId: campaign } } });
    if (!data) throw new Error(errorMessage(error, response.status));
    const all = (data as unknown as { uploads: ResultsUpload[] }).uploads;
    setUploads(all);
    return all;
  }, [me.org, campaign]);
  useEffect(() => {
    setUploads(undefined);
    setChosen(undefined);
    list().catch((e: Error) => setFailure(e.message));
    return () => clearTimeout(poll.current);
  }, [list]);

  const show = async (u: ResultsUpload) => {
    setChosen(u);
    setIssues(undefined);
    if (!u.protocol) return;
    try {
      setIssues(protocolIssues(await (await fetch(u.protocol.csvUrl)).text()));
    } catch {
      setFailure('Не удалось получить протокол: проверьте связь и откройте его снова.');
    }
  };

  /** The file sent, until its check has finished; then its protocol. */
  const follow = (name: string) => {
    clearTimeout(poll.current);
    const tick = async () => {
      try {
        const mine = (await list()).find((u) => u.name === name);
        if (mine) setChosen(mine);
        if (!mine || mine.status === 'VALIDATING') poll.current = setTimeout(() => void tick(), POLL_MS);
        else await show(mine);
      } catch (e) {
        setFailure((e as Error).message);
      }
    };
    void tick();
  };

  const upload = async (file: File) => {
    setUploadError(undefined);
    setRetry(undefined);
    setChosen(undefined);
    setIssues(undefined);
    const format = resultsFormat(file);
    if (typeof format !== 'string') return setUploadError(format.refusal);
    if (!campaign) return setUploadError('Выберите кампанию.');
    setPercent(0);
    const grantUpload = () => api.POST('/v1/orgs/{org}/informing-results/{campaignId}/uploads', { params: { path: { org: me.org, campaignId: campaign } }, body: { size: file.size, format } });
    const sent = await sendWithGrant(grantUpload, file, setPercent);
    if (!sent.ok) {
      // The chosen file is kept: «Повторить» asks for a new link and sends it again.
      setPercent(undefined);
      if (sent.retryable) setRetry(() => () => void upload(file));
      return setUploadError(sent.message);
    }
    follow(sent.name);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        Результаты информирования
      </Typography.Title>
      <CampaignSelect campaigns={campaigns} value={campaign} onChange={setCampaign} />
      {failure && <Alert type="error" showIcon message="Не удалось загрузить данные" description={failure} closable onClose={() => setFailure(undefined)} />}
      <Card size="small" title="Отправить файл результатов">
        <Upload.Dragger accept=".csv,.xlsx" multiple={false} showUploadList={false} customRequest={({ file }) => void upload(file as File)}>
          <p className="ant-upload-text">Перетащите сюда файл CSV или XLSX или нажмите, чтобы выбрать его</p>
          <p className="ant-upload-hint">Столбцы: ENP;DATE_INF;CHANNEL;RESULT. Не больше 100 МБ. Протокол проверки появится ниже.</p>
        </Upload.Dragger>
        {percent !== undefined && <Progress percent={percent} aria-label="Загрузка файла" style={{ marginTop: 12 }} />}
        {uploadError && <Alert type="error" showIcon message="Файл не принят" description={uploadError} action={retry && <Button onClick={retry}>Повторить</Button>} style={{ marginTop: 12 }} />}
      </Card>
      {chosen && (
        <Card size="small" title={`Протокол ФЛК: ${chosen.name}`}>
          <section aria-label="Результат проверки">
            <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
              <Descriptions.Item label="Статус">
                <span data-testid="results-status">{statusTag(chosen.status)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={`Получен (${zoneLabel(zone)})`}>{formatInstant(chosen.receivedAt, zone)}</Descriptions.Item>
              <Descriptions.Item label="Строк">{count(chosen.rows)}</Descriptions.Item>
              <Descriptions.Item label="Принято">{count(chosen.acceptedRows)}</Descriptions.Item>
              <Descriptions.Item label="Отклонено">{count(chosen.rejectedRows)}</Descriptions.Item>
              <Descriptions.Item label="Записано новых">{count(chosen.stored)}</Descriptions.Item>
            </Descriptions>
            {chosen.protocol && (
              <Space style={{ margin: '12px 0' }}>
                <Button href={chosen.protocol.xlsxUrl}>Скачать протокол (XLSX)</Button>
                <Button href={chosen.protocol.csvUrl}>Скачать протокол (CSV)</Button>
              </Space>
            )}
            {issues && <ProtocolTable issues={issues} />}
          </section>
        </Card>
      )}
      <Card size="small" title="Отправленные файлы">
        <Table<ResultsUpload>
          rowKey="fileId"
          size="small"
          loading={campaign !== undefined && !uploads}
          dataSource={uploads}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: 'Файлов результатов по этой кампании ещё не было' }}
          columns={[
            { title: `Получен (${zoneLabel(zone)})`, key: 'receivedAt', width: 170, render: (_, u) => formatInstant(u.receivedAt, zone) },
            { title: 'Файл', dataIndex: 'name' },
            { title: 'Статус', key: 'status', width: 150, render: (_, u) => statusTag(u.status) },
            { title: 'Строк', key: 'rows', width: 90, align: 'right', render: (_, u) => count(u.rows) },
            { title: 'Принято', key: 'acceptedRows', width: 90, align: 'right', render: (_, u) => count(u.acceptedRows) },
            { title: 'Отклонено', key: 'rejectedRows', width: 100, align: 'right', render: (_, u) => count(u.rejectedRows) },
            {
              title: 'Протокол',
              key: 'protocol',
              width: 120,
              render: (_, u) =>
                u.protocol && (
                  <Button size="small" onClick={() => void show(u)} aria-label={`Протокол файла ${u.name}`}>
                    Открыть
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
