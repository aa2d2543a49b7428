import { Alert, Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Me, PendingDocument } from '../../api/types';
import { formatInstant, zoneLabel } from '../../time';
import { DOCUMENT_TYPE } from './access';
import { DocumentChanges } from './DocumentChanges';

/**
 * «Документы на рассмотрении» of a TFOMS: A-notifications and B-requests sent by the region's MOs
 * and SMOs, each with what accepting it changes; accept, or reject with a reason.
 */
export function PendingDocuments({ me }: { me: Me }) {
  const region = me.region ?? me.org;
  const [docs, setDocs] = useState<PendingDocument[]>();
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState<string>();

  const load = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/regions/{region}/documents', { params: { path: { region } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    setFailure(undefined);
    setDocs((data as unknown as { documents: PendingDocument[] }).documents);
  }, [region]);
  useEffect(() => void load(), [load]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Документы на рассмотрении</Typography.Title>
      <Typography.Text type="secondary">
        Просмотр записывается в журнал аудита: заявки называют пользователей. Время — по часам региона: {zoneLabel(me.timeZone)}
      </Typography.Text>
      {failure && <Alert type="error" showIcon message="Документы недоступны" description={failure} />}
      {done && <Alert type="success" showIcon message={done} closable onClose={() => setDone(undefined)} />}
      {docs && docs.length === 0 && <Empty description="Нет документов, ожидающих решения" />}
      {docs?.map((doc) => (
        <Decision
          key={doc.docId}
          me={me}
          doc={doc}
          onDecided={async (text) => {
            setDone(text);
            await load();
          }}
        />
      ))}
    </Space>
  );
}

function Decision({ me, doc, onDecided }: { me: Me; doc: PendingDocument; onDecided: (text: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string>();
  const decide = async (decision: 'accepted' | 'rejected') => {
    const { data, error, response } = await api.POST('/v1/orgs/{org}/documents/{kind}/{docId}/decision', {
      params: { path: { org: doc.org, kind: doc.kind, docId: doc.docId } },
      body: decision === 'accepted' ? { decision } : { decision, reason },
    });
    if (!data) return setFailure(errorMessage(error, response.status));
    await onDecided(`Документ организации ${doc.org} ${decision === 'accepted' ? 'принят' : 'отклонён'}.`);
  };
  return (
    <Card
      size="small"
      title={`${DOCUMENT_TYPE[doc.type] ?? doc.type} — организация ${doc.org}`}
      extra={<Tag color="#ad4e00">направлен {formatInstant(doc.sentAt, me.timeZone)}</Tag>}
      aria-label={`Документ ${doc.docId}`}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <DocumentChanges effects={doc.effects} />
        <Space wrap>
          <Button type="primary" disabled={Boolean(doc.effects.refused)} onClick={() => void decide('accepted')}>
            Принять
          </Button>
          <Space.Compact>
            <Input aria-label="Причина отклонения" placeholder="Причина отклонения (обязательно)" style={{ width: 360 }} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button onClick={() => void decide('rejected')}>
              Отклонить
            </Button>
          </Space.Compact>
        </Space>
        {failure && <Alert type="error" showIcon message="Решение не принято" description={failure} />}
      </Space>
    </Card>
  );
}
