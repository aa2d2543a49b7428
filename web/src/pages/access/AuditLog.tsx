import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { AuditRecord, Me } from '../../api/types';
import { formatInstant, zoneLabel } from '../../time';
import { AUDIT_ACTION, formatSnils } from './access';

/**
 * «Журнал аудита»: accesses by the users of one organization (the fund itself, or an MO or SMO of
 * its region), newest first, 100 per page from the server.
 */
export function AuditLog({ me }: { me: Me }) {
  const [org, setOrg] = useState(me.org);
  const [typed, setTyped] = useState(me.org);
  const [records, setRecords] = useState<AuditRecord[]>();
  const [cursor, setCursor] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const load = useCallback(
    async (after?: string) => {
      const { data, error, response } = await api.GET('/v1/orgs/{org}/audit', { params: { path: { org }, query: { cursor: after } } });
      if (!data) return setFailure(errorMessage(error, response.status));
      const body = data as unknown as { items: AuditRecord[]; cursor?: string };
      setFailure(undefined);
      setRecords((old) => (after ? [...(old ?? []), ...body.items] : body.items));
      setCursor(body.cursor);
    },
    [org],
  );
  useEffect(() => {
    setRecords(undefined);
    void load();
  }, [load]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Журнал аудита</Typography.Title>
      <Space.Compact>
        <Input aria-label="Код организации" style={{ width: 300 }} placeholder="Код организации: ТФОМС, МО или СМО" value={typed} onChange={(e) => setTyped(e.target.value.trim())} onPressEnter={() => setOrg(typed)} />
        <Button type="primary" onClick={() => setOrg(typed)}>
          Показать
        </Button>
      </Space.Compact>
      <Typography.Text type="secondary">Время — по часам региона: {zoneLabel(me.timeZone)}</Typography.Text>
      {failure && <Alert type="error" showIcon message="Журнал недоступен" description={failure} />}
      <Table<AuditRecord>
        aria-label="Записи журнала аудита"
        rowKey={(r) => `${r.at}-${r.requestId ?? ''}-${r.action}-${r.subject}`}
        size="small"
        loading={!records && !failure}
        dataSource={records}
        pagination={false}
        virtual
        scroll={{ y: 420 }}
        columns={[
          { title: 'Когда', dataIndex: 'at', width: 150, render: (at: string) => formatInstant(at, me.timeZone) },
          { title: 'Кто (СНИЛС)', dataIndex: 'actor', width: 150, render: formatSnils },
          { title: 'Действие', dataIndex: 'action', width: 250, render: (a: string) => AUDIT_ACTION[a] ?? a },
          { title: 'Объект', dataIndex: 'subject', width: 240, ellipsis: true },
          { title: 'Основание', dataIndex: 'reason', width: 250, ellipsis: true },
        ]}
      />
      {cursor && <Button onClick={() => void load(cursor)}>Показать ещё</Button>}
    </Space>
  );
}
