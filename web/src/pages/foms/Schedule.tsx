import { Alert, Button, Card, Descriptions, Input, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CampaignScheduleView, DueRule, ScheduleStep } from '../../api/types';
import { formatInstant, zoneLabel } from '../../time';
import { CampaignSelect, PARTY_RU, useCampaigns } from './campaigns';

/** Versions are loaded by FOMS: their times are shown on Moscow's clock. */
const FOMS_ZONE = 'Europe/Moscow';

/**
 * The server's refusal split into messages per step: `steps.3.due.date: такой даты нет` goes next
 * to step index 3; anything not about one step (the schedule as a whole) stays general.
 */
export function splitScheduleErrors(message: string): { byStep: Map<number, Array<{ field: string; text: string }>>; general: string[] } {
  const byStep = new Map<number, Array<{ field: string; text: string }>>();
  const general: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^steps\.(\d+)\.([\w.]+): (.*)$/.exec(part);
    if (match) byStep.set(Number(match[1]), [...(byStep.get(Number(match[1])) ?? []), { field: match[2]!, text: `${FIELD_RU[match[2]!] ?? match[2]}: ${match[3]}` }]);
    else general.push(part);
  }
  return { byStep, general };
}

/** The field of a step the server names, in Russian. */
const FIELD_RU: Record<string, string> = { 'due.date': 'дата', 'due.time': 'время', 'due.days': 'рабочих дней', 'due.nthOfNextMonth': 'число месяца', due: 'срок' };

type Refusal = ReturnType<typeof splitScheduleErrors>;

/** «График кампании»: the schedule in force, its deadlines edited and saved as a new version, with every version listed. */
export function Schedule() {
  const { campaigns, campaign, setCampaign, failure: campaignsFailure } = useCampaigns();
  const [view, setView] = useState<CampaignScheduleView>();
  const [steps, setSteps] = useState<ScheduleStep[]>();
  const [failure, setFailure] = useState<string>();
  const [refusal, setRefusal] = useState<Refusal>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);

  const reload = useCallback(async (id: string) => {
    const { data, error, response } = await api.GET('/v1/campaigns/{campaignId}/schedule', { params: { path: { campaignId: id } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    const body = data as unknown as CampaignScheduleView;
    setView(body);
    setSteps(body.schedule.steps);
  }, []);

  useEffect(() => {
    if (!campaign) return;
    setView(undefined);
    setFailure(undefined);
    setRefusal(undefined);
    setSaved(undefined);
    void reload(campaign);
  }, [campaign, reload]);

  const setDue = (index: number, due: DueRule) => setSteps((before) => before?.map((s, i) => (i === index ? { ...s, due } : s)));

  const save = async () => {
    if (!view || !steps || !campaign) return;
    setSaving(true);
    setRefusal(undefined);
    setSaved(undefined);
    try {
      const { data, error, response } = await api.PUT('/v1/campaigns/{campaignId}/schedule', { params: { path: { campaignId: campaign } }, body: { ...view.schedule, steps } as never });
      if (!data) return setRefusal(splitScheduleErrors(errorMessage(error, response.status)));
      const made = data as unknown as { version: number; regionsPlanned: number };
      setSaved(`Сохранена версия ${made.version} графика. Сроки открытых обязательств переносятся во всех регионах (${made.regionsPlanned}).`);
      await reload(campaign);
    } catch {
      // The edits stay on screen: nothing typed is lost when the network fails.
      setRefusal({ byStep: new Map(), general: ['Нет связи с сервером: график не сохранён. Правки остались на экране — повторите сохранение.'] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        График кампании
      </Typography.Title>
      <CampaignSelect campaigns={campaigns} value={campaign} onChange={setCampaign} />
      {(failure ?? campaignsFailure) && <Alert type="error" showIcon message="Не удалось загрузить график" description={failure ?? campaignsFailure} />}
      {view && (
        <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }}>
          <Descriptions.Item label="Действующая версия">
            <span data-testid="schedule-version">{view.version ? `версия ${view.version}` : 'из поставки (версия 0)'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={`Загружена (${zoneLabel(FOMS_ZONE)})`}>{view.loadedAt ? `${formatInstant(view.loadedAt, FOMS_ZONE)}, СНИЛС ${view.loadedBy}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="Источник" span={2}>{view.schedule.source ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      {saved && <Alert type="success" showIcon message={saved} />}
      {refusal && refusal.general.length > 0 && <Alert type="error" showIcon message="График не сохранён" description={refusal.general.join('; ')} />}
      {steps && (
        <Card
          size="small"
          title="Пункты графика (сроки — по времени каждого региона)"
          extra={
            <Popconfirm title="Сохранить график как новую версию?" description="Открытые обязательства всех регионов перейдут на новые сроки." okText="Сохранить" cancelText="Отмена" onConfirm={() => void save()}>
              <Button type="primary" loading={saving}>
                Сохранить новую версию
              </Button>
            </Popconfirm>
          }
        >
          <Table<ScheduleStep>
            rowKey="step"
            size="small"
            pagination={false}
            dataSource={steps}
            columns={[
              { title: 'Пункт', dataIndex: 'step', width: 64 },
              { title: 'Шаг', dataIndex: 'title' },
              { title: 'Кто', dataIndex: 'party', width: 70, render: (p: string) => PARTY_RU[p] ?? p },
              { title: 'Срок', key: 'due', width: 330, render: (_, s, i) => <DueEditor step={s} onChange={(due) => setDue(i, due)} errors={refusal?.byStep.get(i)} /> },
            ]}
          />
        </Card>
      )}
      {view && (
        <Card size="small" title="Версии графика">
          <Table
            rowKey="version"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={[...view.versions].reverse()}
            locale={{ emptyText: <Typography.Text>ФОМС ещё не загружал версий: действует график из поставки</Typography.Text> }}
            columns={[
              { title: 'Версия', dataIndex: 'version', width: 90 },
              { title: `Загружена (${zoneLabel(FOMS_ZONE)})`, dataIndex: 'loadedAt', render: (at: string) => formatInstant(at, FOMS_ZONE) },
              { title: 'Кем (СНИЛС)', dataIndex: 'loadedBy' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

/** One step's deadline as its rule is written: a date and time, or days after another step; the server's messages below it. */
function DueEditor({ step, onChange, errors }: { step: ScheduleStep; onChange: (due: DueRule) => void; errors?: Array<{ field: string; text: string }> }) {
  const due = step.due;
  const errorId = `due-error-${step.step}`;
  // The field the server names is marked; a message about the whole deadline marks every part of it.
  const invalid = (field: string) => (errors?.some((e) => e.field === field || e.field === 'due') ? { status: 'error' as const, 'aria-invalid': true, 'aria-describedby': errorId } : {});
  let editor: React.ReactNode;
  if (!due) editor = <Typography.Text type="secondary">без срока</Typography.Text>;
  else if ('date' in due)
    editor = (
      <Space.Compact>
        <Input aria-label={`Пункт ${step.step}: дата срока (ГГГГ-ММ-ДД)`} style={{ width: 130 }} value={due.date} onChange={(e) => onChange({ ...due, date: e.target.value })} {...invalid('due.date')} />
        <Input aria-label={`Пункт ${step.step}: время срока`} style={{ width: 80 }} value={due.time ?? '24:00'} onChange={(e) => onChange({ ...due, time: e.target.value })} {...invalid('due.time')} />
      </Space.Compact>
    );
  else if ('workingDaysAfter' in due)
    editor = (
      <Space>
        <InputNumber aria-label={`Пункт ${step.step}: рабочих дней после пункта ${due.workingDaysAfter}`} style={{ width: 80 }} value={due.days} onChange={(days) => onChange({ ...due, days: days as number })} {...invalid('due.days')} />
        <span>раб. дн. после п. {due.workingDaysAfter}</span>
      </Space>
    );
  else
    editor = (
      <Space>
        <InputNumber aria-label={`Пункт ${step.step}: число месяца после пункта ${due.after}`} style={{ width: 80 }} value={due.nthOfNextMonth} onChange={(day) => onChange({ ...due, nthOfNextMonth: day as number })} {...invalid('due.nthOfNextMonth')} />
        <span>-е число месяца после п. {due.after}</span>
      </Space>
    );
  return (
    <>
      {editor}
      {errors?.length ? (
        <div id={errorId} role="alert" className="field-error">
          {errors.map((e) => e.text).join('; ')}
        </div>
      ) : null}
    </>
  );
}
