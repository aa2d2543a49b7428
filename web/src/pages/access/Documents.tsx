import { Alert, Button, Card, Descriptions, Form, Input, Progress, Segmented, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Authority, Grant, Me, NotificationPayload, OmsDocument, RequestPayload } from '../../api/types';
import { formatInstant, zoneLabel } from '../../time';
import { sendWithGrant } from '../../upload';
import { ACTION, AUTHORITY_LABEL, DOCUMENT_TYPE, formatSnils, mayHold, ROLES, STATUS } from './access';
import { DocumentChanges } from './DocumentChanges';
import { OutcomeAlert, type Outcome } from './parts';

/** The power document a non-head signer attaches (the API's limit: PDF up to 10 MB). */
const POWER_MAX_BYTES = 10 * 1024 * 1024;

const statusTag = (doc: OmsDocument) => <Tag color={STATUS[doc.status].color}>{STATUS[doc.status].label}</Tag>;

function summaryOf(doc: OmsDocument): string {
  if (doc.kind === 'A') {
    const p = doc.payload as NotificationPayload;
    return `МО ${p.mo} с ${p.effectiveDate}${p.data?.name ? `: ${p.data.name}` : ''}`;
  }
  const p = doc.payload as RequestPayload;
  return `${p.user.fio} (${formatSnils(p.user.snils)})${p.grants ? `: ${p.grants.map((g) => `${g.authority} — ${g.role}`).join(', ')}` : ''}`;
}

/**
 * «Документы» of an MO or SMO (seed 003): A-notifications on the MO registry and B-requests about
 * users, through draft → approved → signed → sent, with their history and the TFOMS's decision.
 */
export function Documents({ me }: { me: Me }) {
  const [kind, setKind] = useState<Authority>(me.orgType === 'SMO' ? 'B' : 'A');
  const [docs, setDocs] = useState<OmsDocument[]>();
  const [cursor, setCursor] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [editing, setEditing] = useState<OmsDocument | 'new'>();

  const load = useCallback(
    async (after?: string) => {
      const { data, error, response } = await api.GET('/v1/orgs/{org}/documents/{kind}', { params: { path: { org: me.org, kind }, query: { cursor: after } } });
      if (!data) return setFailure(errorMessage(error, response.status));
      const body = data as unknown as { documents: OmsDocument[]; cursor?: string };
      setFailure(undefined);
      setDocs((old) => (after ? [...(old ?? []), ...body.documents] : body.documents));
      setCursor(body.cursor);
    },
    [me.org, kind],
  );
  useEffect(() => {
    setDocs(undefined);
    setSelected(undefined);
    setEditing(undefined);
    void load();
  }, [load]);

  const saved = async (doc: OmsDocument) => {
    setEditing(undefined);
    setSelected(doc.docId);
    await load();
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Документы</Typography.Title>
      <Space wrap>
        <Segmented<Authority>
          aria-label="Вид документов"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'A', label: 'A: уведомления о реестре МО' },
            { value: 'B', label: 'B: заявки о доступе' },
          ]}
        />
        {mayHold(me, kind, 'Ввод данных') && (
          <Button type="primary" onClick={() => setEditing('new')}>
            Новый документ
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">
        Полномочие {AUTHORITY_LABEL[kind]}. Время — по часам региона: {zoneLabel(me.timeZone)}
      </Typography.Text>
      {editing && <DocumentForm me={me} kind={kind} doc={editing === 'new' ? undefined : editing} onSaved={saved} onCancel={() => setEditing(undefined)} />}
      {failure && <Alert type="error" showIcon message="Документы недоступны" description={failure} />}
      <Table<OmsDocument>
        aria-label="Документы организации"
        rowKey="docId"
        size="small"
        loading={!docs && !failure}
        dataSource={docs}
        pagination={false}
        virtual
        scroll={{ y: 260 }}
        onRow={(d) => ({ onClick: () => setSelected(d.docId), style: { cursor: 'pointer' } })}
        rowClassName={(d) => (d.docId === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: 'Вид', width: 210, render: (_: unknown, d) => DOCUMENT_TYPE[d.payload.type] ?? d.payload.type },
          { title: 'Содержание', width: 420, ellipsis: true, render: (_: unknown, d) => summaryOf(d) },
          { title: 'Статус', width: 160, render: (_: unknown, d) => statusTag(d) },
          { title: 'Изменён', dataIndex: 'updatedAt', width: 150, render: (at: string) => formatInstant(at, me.timeZone) },
          { title: '', width: 100, render: (_: unknown, d) => <Button size="small" onClick={() => setSelected(d.docId)}>Открыть</Button> },
        ]}
      />
      {cursor && <Button onClick={() => void load(cursor)}>Показать ещё</Button>}
      {selected && <DocumentCard key={selected} me={me} kind={kind} docId={selected} onChanged={() => load()} onEdit={setEditing} />}
    </Space>
  );
}

type Step = 'approve' | 'return' | 'sign' | 'send';

/** One document: what it says, what accepting changes, its history, and the next steps the user's roles allow. */
function DocumentCard({ me, kind, docId, onChanged, onEdit }: { me: Me; kind: Authority; docId: string; onChanged: () => Promise<void>; onEdit: (doc: OmsDocument) => void }) {
  const [doc, setDoc] = useState<OmsDocument>();
  const [result, setResult] = useState<Outcome>();
  const [comment, setComment] = useState('');
  const [upload, setUpload] = useState<{ name: string; percent: number; error?: string; retry?: File }>();
  const path = { org: me.org, kind, docId };

  const load = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/orgs/{org}/documents/{kind}/{docId}', { params: { path: { org: me.org, kind, docId } } });
    if (data) setDoc(data as unknown as OmsDocument);
    else setResult({ ok: false, text: errorMessage(error, response.status) });
  }, [me.org, kind, docId]);
  useEffect(() => void load(), [load]);

  const step = async (action: Step) => {
    const params = { params: { path } };
    const call =
      action === 'approve'
        ? api.POST('/v1/orgs/{org}/documents/{kind}/{docId}/approve', params)
        : action === 'return'
          ? api.POST('/v1/orgs/{org}/documents/{kind}/{docId}/return', { ...params, body: { comment } })
          : action === 'sign'
            ? api.POST('/v1/orgs/{org}/documents/{kind}/{docId}/sign', params)
            : api.POST('/v1/orgs/{org}/documents/{kind}/{docId}/send', params);
    const { data, error, response } = await call;
    if (!data) return setResult({ ok: false, text: errorMessage(error, response.status) });
    setResult({ ok: true, text: `${ACTION[action]}.` });
    setComment('');
    setDoc(data as unknown as OmsDocument);
    await onChanged();
    await load();
  };

  /** The power document: checked here first (type, size), then a signed PUT the API grants for this document only. */
  const attach = async (file: File) => {
    const isPdf = file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');
    if (!isPdf) return setUpload({ name: file.name, percent: 0, error: `Файл «${file.name}» — не PDF. Приложите документ о полномочиях в формате PDF.` });
    if (file.size > POWER_MAX_BYTES) return setUpload({ name: file.name, percent: 0, error: `Файл «${file.name}» больше 10 МБ. Документ о полномочиях — PDF до 10 МБ.` });
    if (file.size === 0) return setUpload({ name: file.name, percent: 0, error: `Файл «${file.name}» пуст.` });
    setUpload({ name: file.name, percent: 0 });
    const grantAttachment = () => api.POST('/v1/orgs/{org}/documents/{kind}/{docId}/attachments', { params: { path }, body: { size: file.size } });
    // The URL is signed for application/pdf: the file goes as that type whatever the browser guessed.
    const sent = await sendWithGrant(grantAttachment, new Blob([file], { type: 'application/pdf' }), (percent) => setUpload({ name: file.name, percent }));
    if (!sent.ok) return setUpload({ name: file.name, percent: 0, error: sent.message, retry: sent.retryable ? file : undefined });
    setUpload({ name: file.name, percent: 100 });
    await load();
  };

  if (!doc) return result ? <Alert type="error" showIcon message="Документ не открыт" description={result.text} /> : null;
  const may = (...roles: Parameters<typeof mayHold>[2][]) => mayHold(me, kind, ...roles);
  const decision = doc.history.find((h) => h.action === 'accept' || h.action === 'reject');
  const signerNeedsPower = doc.status === 'approved' && may('Утверждение') && !me.isHead;

  return (
    <Card size="small" title={`${DOCUMENT_TYPE[doc.payload.type] ?? doc.payload.type}: ${summaryOf(doc)}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="Статус">{statusTag(doc)}</Descriptions.Item>
          <Descriptions.Item label="Изменён">{`${formatInstant(doc.updatedAt, me.timeZone)} (${zoneLabel(me.timeZone)})`}</Descriptions.Item>
          <Descriptions.Item label="Документов о полномочиях">{doc.attachments.length}</Descriptions.Item>
        </Descriptions>
        {decision && (
          <Alert
            type={decision.action === 'accept' ? 'success' : 'error'}
            showIcon
            message={`Решение ТФОМС: ${decision.action === 'accept' ? 'принят' : 'отклонён'} ${formatInstant(decision.at, me.timeZone)}`}
            description={decision.comment}
          />
        )}
        {doc.effects && <DocumentChanges effects={doc.effects} />}
        <Table
          aria-label="История документа"
          rowKey={(h) => `${h.at}-${h.action}`}
          size="small"
          pagination={false}
          dataSource={doc.history}
          columns={[
            { title: 'Когда', dataIndex: 'at', width: 150, render: (at: string) => formatInstant(at, me.timeZone) },
            { title: 'Действие', dataIndex: 'action', width: 220, render: (a: string) => ACTION[a] ?? a },
            { title: 'Кто (СНИЛС)', dataIndex: 'by', width: 150, render: formatSnils },
            { title: 'Комментарий', dataIndex: 'comment' },
          ]}
        />
        <Space wrap>
          {doc.status === 'draft' && may('Ввод данных') && <Button onClick={() => onEdit(doc)}>Изменить</Button>}
          {doc.status === 'draft' && may('Согласование') && (
            <Button type="primary" onClick={() => void step('approve')}>
              Согласовать
            </Button>
          )}
          {doc.status === 'approved' && may('Утверждение') && (
            <Button type="primary" onClick={() => void step('sign')}>
              Подписать
            </Button>
          )}
          {doc.status === 'signed' && may('Согласование', 'Утверждение') && (
            <Button type="primary" onClick={() => void step('send')}>
              Направить в ТФОМС
            </Button>
          )}
        </Space>
        {signerNeedsPower && (
          <div>
            <Upload.Dragger accept=".pdf,application/pdf" showUploadList={false} beforeUpload={(file) => (void attach(file), false)} aria-label="Документ о полномочиях (PDF до 10 МБ)">
              <p>Подписывает не руководитель: приложите документ, подтверждающий полномочия (PDF до 10 МБ) — перетащите или нажмите, чтобы выбрать.</p>
            </Upload.Dragger>
            {upload && (
              <div aria-live="polite" style={{ marginTop: 8 }}>
                <Progress percent={upload.percent} status={upload.error ? 'exception' : upload.percent === 100 ? 'success' : 'active'} aria-label={`Загрузка ${upload.name}`} />
                {upload.error && (
                  <Alert type="error" showIcon message="Файл не приложен" description={upload.error} action={upload.retry && <Button onClick={() => void attach(upload.retry!)}>Повторить</Button>} />
                )}
                {upload.percent === 100 && !upload.error && <Typography.Text>Документ о полномочиях «{upload.name}» приложен.</Typography.Text>}
              </div>
            )}
          </div>
        )}
        {doc.status === 'approved' && may('Согласование', 'Утверждение') && (
          <Space.Compact style={{ width: '100%' }}>
            <Input aria-label="Что исправить" placeholder="Что исправить (обязательно при возврате)" value={comment} onChange={(e) => setComment(e.target.value)} />
            <Button onClick={() => void step('return')}>Вернуть на доработку</Button>
          </Space.Compact>
        )}
        <OutcomeAlert outcome={result} />
      </Space>
    </Card>
  );
}

interface FormValues {
  type: string;
  effectiveDate?: string;
  name?: string;
  primaryCare?: string;
  dayHospital?: string;
  specializedInpatient?: string;
  snils?: string;
  fio?: string;
  roleA?: string;
  roleB?: string;
}

const FLAGS = [
  ['primaryCare', 'Первичная медико-санитарная помощь'],
  ['dayHospital', 'Дневной стационар'],
  ['specializedInpatient', 'Специализированная помощь в стационаре'],
] as const;
const flagOptions = [
  { value: '', label: 'не указано' },
  { value: 'yes', label: 'да' },
  { value: 'no', label: 'нет' },
];
const roleOptions = [{ value: '', label: 'нет' }, ...ROLES.map((r) => ({ value: r, label: r }))];

function payloadOf(kind: Authority, mo: string, v: FormValues): NotificationPayload | RequestPayload {
  if (kind === 'A') {
    const type = v.type as NotificationPayload['type'];
    if (type === 'exclude') return { type, mo, effectiveDate: v.effectiveDate ?? '' };
    const data: Record<string, unknown> = {};
    if (v.name?.trim()) data.name = v.name.trim();
    for (const [key] of FLAGS) if (v[key]) data[key] = v[key] === 'yes';
    return { type, mo, effectiveDate: v.effectiveDate ?? '', data };
  }
  const type = v.type as RequestPayload['type'];
  const user = { snils: v.snils ?? '', fio: v.fio ?? '' };
  if (type === 'end-access') return { type, user };
  const grants: Grant[] = [];
  if (v.roleA) grants.push({ authority: 'A', role: v.roleA as Grant['role'] });
  if (v.roleB) grants.push({ authority: 'B', role: v.roleB as Grant['role'] });
  return { type, user, grants };
}

function valuesOf(doc: OmsDocument | undefined, kind: Authority): FormValues {
  if (!doc) return kind === 'A' ? { type: 'change', primaryCare: '', dayHospital: '', specializedInpatient: '' } : { type: 'register', roleA: '', roleB: '' };
  if (doc.kind === 'A') {
    const p = doc.payload as NotificationPayload;
    const flag = (b?: boolean) => (b === undefined ? '' : b ? 'yes' : 'no');
    return { type: p.type, effectiveDate: p.effectiveDate, name: p.data?.name, primaryCare: flag(p.data?.primaryCare), dayHospital: flag(p.data?.dayHospital), specializedInpatient: flag(p.data?.specializedInpatient) };
  }
  const p = doc.payload as RequestPayload;
  const role = (a: Authority) => p.grants?.find((g) => g.authority === a)?.role ?? '';
  return { type: p.type, snils: p.user.snils, fio: p.user.fio, roleA: role('A'), roleB: role('B') };
}

/**
 * A draft, new or edited. The server checks the payload with the same rules for both and names the
 * wrong field in Russian; the form keeps what was typed until the draft is saved.
 */
function DocumentForm({ me, kind, doc, onSaved, onCancel }: { me: Me; kind: Authority; doc?: OmsDocument; onSaved: (doc: OmsDocument) => void; onCancel: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const [failure, setFailure] = useState<string>();
  const type = Form.useWatch('type', form);
  const submit = async (values: FormValues) => {
    const body = { payload: payloadOf(kind, me.org, values) } as never;
    const { data, error, response } = doc
      ? await api.PUT('/v1/orgs/{org}/documents/{kind}/{docId}', { params: { path: { org: me.org, kind, docId: doc.docId } }, body })
      : await api.POST('/v1/orgs/{org}/documents/{kind}', { params: { path: { org: me.org, kind } }, body });
    if (!data) return setFailure(errorMessage(error, response.status));
    onSaved(data as unknown as OmsDocument);
  };
  const required = (message: string) => [{ required: true, message }];
  return (
    <Card size="small" title={doc ? 'Изменение черновика' : `Новый документ (${AUTHORITY_LABEL[kind]})`}>
      <Form form={form} layout="vertical" initialValues={valuesOf(doc, kind)} onFinish={(v) => void submit(v)}>
        <Space wrap align="start">
          <Form.Item name="type" label="Вид документа" rules={required('Выберите вид документа')}>
            <Select
              style={{ width: 260 }}
              options={(kind === 'A' ? ['include', 'exclude', 'change'] : ['register', 'change-authorities', 'end-access']).map((t) => ({ value: t, label: DOCUMENT_TYPE[t] }))}
            />
          </Form.Item>
          {kind === 'A' ? (
            <>
              <Form.Item name="effectiveDate" label="Дата вступления в силу" rules={required('Укажите дату вступления в силу')}>
                <Input type="date" style={{ width: 170 }} />
              </Form.Item>
              {type !== 'exclude' && (
                <Form.Item name="name" label="Наименование МО">
                  <Input style={{ width: 420 }} />
                </Form.Item>
              )}
            </>
          ) : (
            <>
              <Form.Item name="snils" label="СНИЛС пользователя" rules={required('Укажите СНИЛС')}>
                <Input placeholder="123-456-789 01" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="fio" label="ФИО пользователя" rules={required('Укажите ФИО')}>
                <Input style={{ width: 300 }} />
              </Form.Item>
            </>
          )}
        </Space>
        {kind === 'A' && type !== 'exclude' && (
          <Space wrap>
            {FLAGS.map(([key, label]) => (
              <Form.Item key={key} name={key} label={label}>
                <Select style={{ width: 160 }} options={flagOptions} />
              </Form.Item>
            ))}
          </Space>
        )}
        {kind === 'B' && type !== 'end-access' && (
          <Space wrap>
            <Form.Item name="roleA" label="Роль по полномочию A">
              <Select style={{ width: 180 }} options={roleOptions} />
            </Form.Item>
            <Form.Item name="roleB" label="Роль по полномочию B">
              <Select style={{ width: 180 }} options={roleOptions} />
            </Form.Item>
          </Space>
        )}
        {failure && <Alert style={{ marginBottom: 12 }} type="error" showIcon message="Черновик не сохранён" description={failure} />}
        <Space>
          <Button type="primary" htmlType="submit">
            Сохранить черновик
          </Button>
          <Button onClick={onCancel}>Отмена</Button>
        </Space>
      </Form>
    </Card>
  );
}
