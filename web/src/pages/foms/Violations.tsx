import { Alert, Button, Card, Col, Row, Select, Space, Table, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FederalTargets, Me, OrgNotification, RegionViolation } from '../../api/types';
import { formatInstant, formatNumber, zoneLabel } from '../../time';
import { CampaignSelect, PARTY_RU, ToneTag, useCampaigns } from './campaigns';

const GroupsChart = lazy(() => import('../tfoms/GroupsChart').then((m) => ({ default: m.GroupsChart })));

const n = formatNumber;
const percent = (share: number | null) => (share === null ? '—' : `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 }).format(share * 100)} %`);

interface RegionOption {
  code: string;
  name: string;
  timeZone: string;
}

/** «Нарушения»: escalations to FOMS across regions, one region's violations with evidence, the share informed by region. */
export function Violations({ me }: { me: Me }) {
  const { campaigns, campaign, setCampaign, failure: campaignsFailure } = useCampaigns();
  const [regions, setRegions] = useState<RegionOption[]>();
  const [region, setRegion] = useState<string>();
  const [escalations, setEscalations] = useState<OrgNotification[]>();
  const [targets, setTargets] = useState<FederalTargets>();
  const [failure, setFailure] = useState<string>();

  // The regions (and their clocks) and where the violations are: one call, the campaign's progress.
  useEffect(() => {
    if (!campaign) return;
    api.GET('/v1/campaigns/{campaignId}/progress', { params: { path: { campaignId: campaign } } }).then(({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      const list = (data as unknown as { regions: Array<RegionOption & { region: string; steps: Array<{ overdue: number; late: number }> }> }).regions;
      setRegions(list.map((r) => ({ code: r.region, name: r.name, timeZone: r.timeZone })));
      const withViolations = list.find((r) => r.steps.some((s) => s.overdue + s.late > 0));
      setRegion((current) => (withViolations ?? list.find((r) => r.region === current) ?? list[0])?.region);
    });
    api.GET('/v1/campaigns/{campaignId}/informing-targets', { params: { path: { campaignId: campaign } } }).then(({ data, error, response }) => {
      if (data) setTargets(data as unknown as FederalTargets);
      else setFailure(errorMessage(error, response.status));
    });
  }, [campaign]);

  useEffect(() => {
    api.GET('/v1/orgs/{org}/notifications', { params: { path: { org: me.org } } }).then(({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      setEscalations((data as unknown as { notifications: OrgNotification[] }).notifications.filter((x) => x.kind === 'escalation').reverse());
    });
  }, [me.org]);

  const chosen = regions?.find((r) => r.code === region);
  const shares = useMemo(() => (targets?.byRegion ?? []).map((r) => ({ name: r.region, value: r.total.share === null ? 0 : Math.round(r.total.share * 1000) / 10 })), [targets]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        Нарушения и эскалации
      </Typography.Title>
      <CampaignSelect campaigns={campaigns} value={campaign} onChange={setCampaign} />
      {(failure ?? campaignsFailure) && <Alert type="error" showIcon message="Не удалось загрузить данные" description={failure ?? campaignsFailure} />}
      <Card size="small" title="Нарушения региона">
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="violations-region">Регион</label>
          <Select
            id="violations-region"
            showSearch
            optionFilterProp="label"
            style={{ width: 360 }}
            loading={!regions}
            value={region}
            onChange={setRegion}
            options={regions?.map((r) => ({ value: r.code, label: `${r.code} — ${r.name}` }))}
          />
        </Space>
        {chosen && <RegionViolations region={chosen} />}
      </Card>
      <Card size="small" title="Эскалации в ФОМС (все регионы)">
        <Table<OrgNotification>
          rowKey="id"
          size="small"
          loading={!escalations}
          dataSource={escalations}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: 'Эскалаций нет' }}
          columns={[
            { title: 'Регион', dataIndex: 'region', width: 80 },
            { title: `Когда (${zoneLabel('Europe/Moscow')})`, key: 'at', width: 170, render: (_, e) => formatInstant(e.at, 'Europe/Moscow') },
            { title: 'Тема', dataIndex: 'subject' },
            { title: 'Подробности', dataIndex: 'text' },
          ]}
        />
      </Card>
      <Card size="small" title="Доля проинформированных по регионам">
        {targets && !targets.byRegion.length && <Alert type="info" showIcon message="СМО ещё не сообщали результаты информирования по этой кампании." />}
        {targets && targets.byRegion.length > 0 && (
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Suspense fallback={null}>
                <GroupsChart counts={shares} label={`Доля проинформированных, %: ${targets.byRegion.map((r) => `${r.region} — ${percent(r.total.share)}`).join(', ')}`} />
              </Suspense>
            </Col>
            <Col xs={24} lg={12}>
              <Table
                rowKey="region"
                size="small"
                dataSource={targets.byRegion}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: 'Регион', key: 'region', render: (_, r) => `${r.region} — ${r.name ?? ''}` },
                  { title: 'Лиц', key: 'persons', width: 100, align: 'right', render: (_, r) => n(r.total.persons) },
                  { title: 'Проинформировано', key: 'informed', width: 150, align: 'right', render: (_, r) => n(r.total.informed) },
                  { title: 'Доля', key: 'share', width: 90, align: 'right', render: (_, r) => percent(r.total.share) },
                ]}
              />
            </Col>
          </Row>
        )}
        {targets && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{targets.definition}</Typography.Paragraph>}
      </Card>
    </Space>
  );
}

/** A region's violations with their evidence, a page of 100 at a time from the server. */
function RegionViolations({ region }: { region: RegionOption }) {
  const [rows, setRows] = useState<RegionViolation[]>();
  const [cursor, setCursor] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const load = async (from?: string) => {
    const { data, error, response } = await api.GET('/v1/regions/{region}/violations', { params: { path: { region: region.code }, query: from ? { cursor: from } : {} } });
    if (!data) return setFailure(errorMessage(error, response.status));
    const page = data as unknown as { violations: RegionViolation[]; cursor?: string };
    setRows((before) => [...(from ? (before ?? []) : []), ...page.violations]);
    setCursor(page.cursor);
  };
  useEffect(() => {
    setRows(undefined);
    setFailure(undefined);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [region.code]);

  const zone = region.timeZone;
  return (
    <>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить нарушения" description={failure} />}
      <Table<RegionViolation>
        rowKey="obligationId"
        size="small"
        loading={!rows && !failure}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: 'Нарушений нет' }}
        columns={[
          { title: 'Кто', key: 'party', width: 120, render: (_, v) => `${PARTY_RU[v.party.type] ?? v.party.type} ${v.party.code}` },
          { title: 'Обязательство', dataIndex: 'title' },
          { title: `Срок (${zoneLabel(zone)})`, key: 'due', width: 150, render: (_, v) => v.dueLabel.replace(/ \(.*\)$/, '') },
          { title: 'Основание', dataIndex: 'evidence' },
          {
            title: 'Состояние',
            key: 'state',
            width: 190,
            render: (_, v) =>
              v.resolvedAt ? (
                <ToneTag tone="green">устранено {formatInstant(v.resolvedAt, zone)}</ToneTag>
              ) : v.escalatedAt ? (
                <ToneTag tone="red" title={v.escalationReason}>
                  передано в ФОМС
                </ToneTag>
              ) : (
                <ToneTag tone="orange">не устранено</ToneTag>
              ),
          },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 8 }} onClick={() => void load(cursor)}>
          Показать ещё
        </Button>
      )}
    </>
  );
}
