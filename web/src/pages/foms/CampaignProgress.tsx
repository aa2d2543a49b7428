import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CampaignProgress as Progress, RegionProgress, StepProgress } from '../../api/types';
import { formatInstant, formatLocalDeadline, formatNumber, zoneLabel } from '../../time';
import { CampaignSelect, PARTY_RU, StateTag, STEP_STATE, useCampaigns } from './campaigns';
import { StepsTimeline } from './StepsTimeline';

const n = formatNumber;
const missed = (r: RegionProgress) => r.counts.OVERDUE;
/** The first step not yet done: where the region is in the schedule. */
const currentStep = (r: RegionProgress) => r.steps.find((s) => s.state === 'OPEN' || s.state === 'OVERDUE');

/** «Ход кампании по регионам»: every region's steps of the schedule against their deadlines, from one API call. */
export function CampaignProgress() {
  const { campaigns, campaign, setCampaign, failure: campaignsFailure } = useCampaigns();
  const [progress, setProgress] = useState<Progress>();
  const [failure, setFailure] = useState<string>();
  const [region, setRegion] = useState<string>();

  useEffect(() => {
    if (!campaign) return;
    setProgress(undefined);
    setFailure(undefined);
    api.GET('/v1/campaigns/{campaignId}/progress', { params: { path: { campaignId: campaign } } }).then(({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      const body = data as unknown as Progress;
      setProgress(body);
      setRegion((current) => (body.regions.find((r) => missed(r) > 0) ?? body.regions.find((r) => r.region === current) ?? body.regions[0])?.region);
    });
  }, [campaign]);

  const chosen = progress?.regions.find((r) => r.region === region);
  const behind = useMemo(() => progress?.regions.filter((r) => missed(r) > 0).length ?? 0, [progress]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        Ход кампании по регионам
      </Typography.Title>
      <CampaignSelect campaigns={campaigns} value={campaign} onChange={setCampaign} />
      {(failure ?? campaignsFailure) && <Alert type="error" showIcon message="Не удалось загрузить ход кампании" description={failure ?? campaignsFailure} />}
      {progress && (
        <Alert
          type={behind ? 'warning' : 'success'}
          showIcon
          message={`Регионов: ${n(progress.regions.length)}; с просроченными шагами: ${n(behind)}. График версии ${progress.scheduleVersion}${progress.scheduleVersion ? '' : ' (из поставки)'}.`}
        />
      )}
      {chosen && <RegionSteps region={chosen} regions={progress!.regions} onRegion={setRegion} />}
      <Card size="small" title="Все регионы">
        <Table<RegionProgress>
          rowKey="region"
          size="small"
          loading={!progress && !failure}
          dataSource={progress?.regions}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            {
              title: 'Регион',
              key: 'region',
              render: (_, r) => (
                <Button type="link" className="region-link" onClick={() => setRegion(r.region)}>
                  {r.region} — {r.name}
                </Button>
              ),
            },
            { title: 'В срок', key: 'met', width: 90, align: 'right', render: (_, r) => n(r.counts.MET), sorter: (a, b) => a.counts.MET - b.counts.MET },
            { title: 'С опозданием', key: 'late', width: 120, align: 'right', render: (_, r) => n(r.counts.MET_LATE), sorter: (a, b) => a.counts.MET_LATE - b.counts.MET_LATE },
            { title: 'Просрочено', key: 'overdue', width: 110, align: 'right', render: (_, r) => n(r.counts.OVERDUE), sorter: (a, b) => missed(a) - missed(b), defaultSortOrder: 'descend' },
            { title: 'Ожидается', key: 'open', width: 100, align: 'right', render: (_, r) => n(r.counts.OPEN) },
            {
              title: 'Текущий шаг (срок по времени региона)',
              key: 'current',
              render: (_, r) => {
                const s = currentStep(r);
                if (!r.planned) return 'обязательства не запланированы (график не загружен)';
                return s ? `${s.step} — до ${formatLocalDeadline(s.dueDate, s.dueTime)}` : 'все шаги пройдены';
              },
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** One region: its timeline, and the same steps as a table (the accessible record of the chart). */
function RegionSteps({ region, regions, onRegion }: { region: RegionProgress; regions: RegionProgress[]; onRegion: (code: string) => void }) {
  const zone = region.timeZone;
  return (
    <Card
      size="small"
      title={`Шаги графика: ${region.region} — ${region.name}`}
      extra={
        <Space>
          <label htmlFor="region">Регион</label>
          <Select id="region" showSearch optionFilterProp="label" style={{ width: 320 }} value={region.region} onChange={onRegion} options={regions.map((r) => ({ value: r.region, label: `${r.region} — ${r.name}` }))} />
        </Space>
      }
    >
      <StepsTimeline
        steps={region.steps}
        timeZone={zone}
        label={`Шаги графика региона ${region.name} по срокам: ${region.steps.map((s) => `${s.step} — ${STEP_STATE[s.state].label}`).join(', ')}`}
      />
      <Table<StepProgress>
        rowKey="step"
        size="small"
        pagination={false}
        dataSource={region.steps}
        rowClassName={(s) => (s.state === 'OVERDUE' ? 'row-overdue' : '')}
        columns={[
          { title: 'Пункт', dataIndex: 'step', width: 70 },
          { title: 'Шаг', dataIndex: 'title' },
          { title: 'Кто', dataIndex: 'party', width: 70, render: (p: string) => PARTY_RU[p] ?? p },
          { title: `Срок (${zoneLabel(zone)})`, key: 'due', width: 150, render: (_, s) => formatLocalDeadline(s.dueDate, s.dueTime) },
          { title: 'Состояние', key: 'state', width: 200, render: (_, s) => <StateTag state={s.state} /> },
          { title: 'Исполнено', key: 'metAt', width: 140, render: (_, s) => (s.metAt ? formatInstant(s.metAt, zone) : '—') },
          {
            title: 'Основание',
            key: 'evidence',
            render: (_, s) => (s.evidence ? `${s.evidence}${s.overdue + s.late > 1 ? ` (организаций: просрочили ${n(s.overdue)}, с опозданием ${n(s.late)})` : ''}` : '—'),
          },
        ]}
      />
    </Card>
  );
}
