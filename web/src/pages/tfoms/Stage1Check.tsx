import { Alert, Card, Col, Descriptions, Input, Row, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { CampaignSelect, useCampaigns } from '../../campaigns';
import type { Me } from '../../api/types';
import { formatNumber } from '../../time';
import { GroupsChart } from './GroupsChart';

type Groups = Record<'1' | '2' | '3' | '4', number>;
interface OrgRow {
  code: string;
  name: string | null;
  byGroup: Groups;
  total: number;
}
/** GET /v1/campaigns/{c}/regions/{r}/summary (shared/services/api/stage1.ts). */
interface Summary {
  computed: boolean;
  persons: number;
  eligible: number;
  byGroup: Groups;
  byMo: OrgRow[];
  bySmo: OrgRow[];
  exclusions: Array<{ code: string; label: string; count: number }>;
  errors: { count: number };
  conflicts: Record<'asHolder' | 'asClaimant', Record<string, number>>;
}

const GROUPS = ['1', '2', '3', '4'] as const;
const n = (v: number) => formatNumber(v);

function orgColumns(title: string) {
  return [
    { title, dataIndex: 'code', width: 90 },
    { title: 'Наименование', dataIndex: 'name', render: (v: string | null) => v ?? '—' },
    ...GROUPS.map((g) => ({ title: `Группа ${g}`, width: 100, align: 'right' as const, render: (_: unknown, r: OrgRow) => n(r.byGroup[g]) })),
    { title: 'Всего', dataIndex: 'total', width: 100, align: 'right' as const, render: n },
  ];
}

/** Stage 1.6: the region's lists checked — counts by priority group, MO and SMO, exclusions with reasons; one person by ЕНП. */
export function Stage1Check({ me }: { me: Me }) {
  const region = me.region ?? me.org;
  const [summary, setSummary] = useState<Summary>();
  const [failure, setFailure] = useState<string>();
  const { campaigns, campaign, setCampaign } = useCampaigns(setFailure);

  useEffect(() => {
    if (!campaign) return;
    setSummary(undefined);
    api.GET('/v1/campaigns/{campaignId}/regions/{region}/summary', { params: { path: { campaignId: campaign, region } } }).then(({ data, error, response }) => {
      if (data) setSummary(data as unknown as Summary);
      else setFailure(errorMessage(error, response.status));
    });
  }, [campaign, region]);

  const groupCounts = useMemo(() => GROUPS.map((g) => ({ name: `Группа ${g}`, value: summary?.byGroup[g] ?? 0 })), [summary]);
  const conflicts = summary ? [...Object.entries(summary.conflicts.asHolder).map(([reason, count]) => ({ side: 'Лицо числится в регионе, оспаривает другой регион', reason, count })), ...Object.entries(summary.conflicts.asClaimant).map(([reason, count]) => ({ side: 'ЕНП выгрузки региона числится в другом регионе', reason, count }))] : [];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Проверка списков (этап 1.6)</Typography.Title>
      <CampaignSelect campaigns={campaigns} value={campaign} onChange={setCampaign} />
      {failure && <Alert type="error" showIcon message="Не удалось загрузить сводку" description={failure} />}
      {summary && !summary.computed && <Alert type="info" showIcon message="Группы ещё не рассчитаны: выгрузка региона не загружена или обрабатывается." />}
      {summary && (
        <>
          <Row gutter={16}>
            <Col xs={24} lg={10}>
              <Card size="small" title="По группам приоритета">
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label="Застрахованных в списках">{n(summary.persons)}</Descriptions.Item>
                  <Descriptions.Item label="Подлежат диспансеризации">{n(summary.eligible)}</Descriptions.Item>
                  {GROUPS.map((g) => (
                    <Descriptions.Item key={g} label={`Группа ${g}`}>
                      <span data-group={g}>{n(summary.byGroup[g])}</span>
                    </Descriptions.Item>
                  ))}
                  <Descriptions.Item label="Не удалось определить группу">{n(summary.errors.count)}</Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card size="small" title="Распределение по группам">
                <GroupsChart counts={groupCounts} label={`Распределение по группам: ${groupCounts.map((c) => `${c.name} — ${n(c.value)}`).join(', ')}`} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="Исключённые из списков по причинам">
            <Table rowKey="code" size="small" pagination={false} dataSource={summary.exclusions} locale={{ emptyText: 'Исключённых нет' }} columns={[{ title: 'Код', dataIndex: 'code', width: 160 }, { title: 'Причина', dataIndex: 'label' }, { title: 'Лиц', dataIndex: 'count', width: 100, align: 'right', render: n }]} />
          </Card>
          {conflicts.length > 0 && (
            <Card size="small" title="Межрегиональные конфликты (открытые)">
              <Table rowKey={(r) => `${r.side}-${r.reason}`} size="small" pagination={false} dataSource={conflicts} columns={[{ title: 'Сторона', dataIndex: 'side' }, { title: 'Причина', dataIndex: 'reason' }, { title: 'Лиц', dataIndex: 'count', width: 100, align: 'right', render: n }]} />
            </Card>
          )}
          <Card size="small" title="По медицинским организациям">
            <Table<OrgRow> rowKey="code" size="small" dataSource={summary.byMo} pagination={{ pageSize: 20, hideOnSinglePage: true }} columns={orgColumns('МО')} />
          </Card>
          <Card size="small" title="По страховым медицинским организациям">
            <Table<OrgRow> rowKey="code" size="small" dataSource={summary.bySmo} pagination={{ pageSize: 20, hideOnSinglePage: true }} columns={orgColumns('СМО')} />
          </Card>
        </>
      )}
      <PersonLookup region={region} campaign={campaign} />
    </Space>
  );
}

interface PersonAnswer {
  person: Record<string, unknown> & { enp: string; fam?: string; im?: string; ot?: string; dr?: string; mo?: string; smo?: string };
  groups: Array<{ campaignId: string; decision: { eligible: boolean; group?: number; exclusion?: string; reason?: string } | null }>;
}

/** One person by ЕНП: every lookup is an access to personal data, recorded by the API in the audit log. */
function PersonLookup({ region, campaign }: { region: string; campaign?: string }) {
  const [answer, setAnswer] = useState<PersonAnswer>();
  const [failure, setFailure] = useState<string>();

  const lookUp = async (enp: string) => {
    setAnswer(undefined);
    setFailure(undefined);
    const value = enp.trim();
    if (!/^\d{16}$/.test(value)) return setFailure('ЕНП должен состоять из 16 цифр.');
    const { data, error, response } = await api.GET('/v1/regions/{region}/persons/{enp}', { params: { path: { region, enp: value }, query: campaign ? { campaign } : {} } });
    if (data) setAnswer(data as unknown as PersonAnswer);
    else setFailure(errorMessage(error, response.status));
  };

  const p = answer?.person;
  const decision = answer?.groups.find((g) => g.campaignId === campaign)?.decision ?? answer?.groups[0]?.decision;
  return (
    <Card size="small" title="Застрахованное лицо по ЕНП">
      <Alert type="warning" showIcon message="Просмотр персональных данных записывается в журнал аудита" style={{ marginBottom: 12 }} />
      <Input.Search aria-label="ЕНП" placeholder="ЕНП, 16 цифр" enterButton="Найти" maxLength={16} style={{ maxWidth: 360 }} onSearch={(v) => void lookUp(v)} />
      {failure && <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} />}
      {p && (
        <Descriptions size="small" column={2} bordered style={{ marginTop: 12 }}>
          <Descriptions.Item label="ЕНП">{p.enp}</Descriptions.Item>
          <Descriptions.Item label="ФИО">{[p.fam, p.im, p.ot].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
          <Descriptions.Item label="Дата рождения">{p.dr ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="МО / СМО">{`${p.mo ?? '—'} / ${p.smo ?? '—'}`}</Descriptions.Item>
          <Descriptions.Item label="Группа приоритета" span={2}>
            {!decision ? 'не рассчитана' : decision.eligible ? `Группа ${decision.group}${decision.reason ? ` — ${decision.reason}` : ''}` : `Исключён: ${decision.reason ?? decision.exclusion}`}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
