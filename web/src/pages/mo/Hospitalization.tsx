import { Alert, Button, Card, Checkbox, Descriptions, Input, InputNumber, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { HospFormDay, HospHistory, HospReceipt, HospSection, Me } from '../../api/types';
import { countdown, formatInstant, formatLocalDeadline, formatNumber, zoneLabel } from '../../time';
import { protocolIssues, sendWithGrant, type ProtocolIssue } from '../../upload';
import { checkForm, emptyForm, PERSON_SECTIONS, place, SECTIONS, type FormState, type PersonRow, type PersonSection, type Placed } from './hospitalization-form';

const ru = (iso: string) => iso.split('-').reverse().join('.');
const short = (iso: string) => iso.slice(8, 10) + '.' + iso.slice(5, 7);
const DUE_TIME = '09:00';
const POLL_MS = 1500;
const FIELD_LABEL: Record<string, string> = {
  enp: 'ЕНП',
  profile: 'Профиль койки',
  referringMo: 'Направившая МО',
  targetMo: 'МО госпитализации',
  admissionDate: 'Дата госпитализации',
  dischargeDate: 'Дата выписки',
  plannedDate: 'Плановая дата',
  hospitalizationDate: 'Дата госпитализации',
  reason: 'Причина',
  hmp: 'ВМП',
};
const OUTCOME: Record<HospReceipt['outcome'], string> = {
  created: 'сведения за сутки приняты впервые',
  replaced: 'сведения за сутки заменены новой версией',
  unchanged: 'такие же сведения уже приняты, ничего не изменилось',
  superseded: 'принятые ранее сведения новее этих',
  rejected: 'сведения отклонены целиком, принятые ранее остаются в силе',
};
// Dark text on light fills: antd's preset tag colours fall short of WCAG AA contrast (axe).
const GREEN = { color: '#135200', background: '#f6ffed', borderColor: '#389e0d' };
const RED = { color: '#820014', background: '#fff1f0', borderColor: '#cf1322' };
const statusTag = (status: string) =>
  status === 'ACCEPTED' ? <Tag style={GREEN}>принято</Tag> : status === 'DUPLICATE' ? <Tag>повторный файл</Tag> : <Tag style={RED}>отклонено</Tag>;
const draftKey = (org: string, forDate: string) => `hospitalization-draft:${org}:${forDate}`;

/**
 * «Плановая госпитализация» of an MO (seed 004, Rules of ОМС §263–264): the day's form, checked as
 * the clerk types with the server's own rules; sent as JSON with its receipt; or the CSV instead,
 * with its ФЛК protocol; and the days already sent. The draft survives a new sign-in.
 */
export function Hospitalization({ me }: { me: Me }) {
  const [day, setDay] = useState<HospFormDay>();
  const [failure, setFailure] = useState<string>();
  const [history, setHistory] = useState<HospHistory>();

  const loadHistory = useCallback(
    (query: { from?: string; to?: string } = {}) =>
      api.GET('/v1/orgs/{org}/hospitalization/submissions', { params: { path: { org: me.org }, query } }).then(({ data, error, response }) => {
        if (!data) return setFailure(errorMessage(error, response.status));
        setHistory(data as unknown as HospHistory);
      }),
    [me.org],
  );
  useEffect(() => {
    api.GET('/v1/orgs/{org}/hospitalization/form', { params: { path: { org: me.org } } }).then(({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      setDay(data as unknown as HospFormDay);
    });
    void loadHistory();
  }, [me.org, loadHistory]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        Плановая госпитализация
      </Typography.Title>
      {failure && <Alert type="error" showIcon message="Не удалось загрузить данные" description={failure} />}
      {day && <DayHeader day={day} />}
      {day && <DayForm me={me} day={day} onSent={() => void loadHistory()} />}
      {day && <CsvUpload me={me} day={day} onDone={() => void loadHistory()} />}
      <History history={history} timeZone={me.timeZone} onRange={(from, to) => void loadHistory({ from, to })} />
    </Space>
  );
}

function DayHeader({ day }: { day: HospFormDay }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = countdown(day.dueAt, now);
  return (
    <Space direction="vertical" size={2}>
      <Typography.Text>
        Отчётные сутки: <b>{ru(day.forDate)}</b> · сведения по {[day.sections.some((s) => s !== 'referralsIssued') && 'ст. 263', day.sections.includes('referralsIssued') && 'ст. 264'].filter(Boolean).join(' и ')} Правил ОМС
      </Typography.Text>
      <Typography.Text>
        Срок: до {formatLocalDeadline(day.today, DUE_TIME)} ({zoneLabel(day.timeZone)}) — <span style={{ color: left.overdue ? '#a8071a' : undefined }}>{left.text}</span>
      </Typography.Text>
      {day.calendar && <Typography.Text type="warning">{day.calendar.note}</Typography.Text>}
    </Space>
  );
}

/** The form and its live findings; the server's findings after sending land on the same inputs. */
function DayForm({ me, day, onSent }: { me: Me; day: HospFormDay; onSent: () => void }) {
  const key = draftKey(me.org, day.forDate);
  const [form, setForm] = useState<FormState>(() => {
    const saved = sessionStorage.getItem(key);
    return saved ? (JSON.parse(saved) as FormState) : emptyForm();
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [receipt, setReceipt] = useState<HospReceipt>();
  const [serverPlaced, setServerPlaced] = useState<Placed[]>([]);

  useEffect(() => sessionStorage.setItem(key, JSON.stringify(form)), [key, form]);
  const checked = useMemo(() => checkForm(day, form), [day, form]);
  const shownAt = (at: string) => attempted || touched.has(at) || [...touched].some((t) => t.startsWith(`${at}.`));
  const live = [...checked.placed.filter((p) => shownAt(p.at)), ...serverPlaced];
  const at = (place: string) => live.filter((p) => p.at === place).map((p) => p.issue.message);

  const edit = (place: string, change: (draft: FormState) => void) => {
    setForm((old) => {
      const draft = structuredClone(old);
      change(draft);
      return draft;
    });
    setTouched((t) => new Set(t).add(place));
    setServerPlaced([]);
  };

  const send = async () => {
    setAttempted(true);
    setRefusal(undefined);
    setReceipt(undefined);
    if (checked.errors) return setRefusal(`Сведения не отправлены: исправьте ошибки (${formatNumber(checked.errors)}) — они перечислены ниже и отмечены в полях.`);
    setSending(true);
    try {
      const { data, error, response } = await api.POST('/v1/orgs/{org}/hospitalization/submissions', { params: { path: { org: me.org } }, body: checked.built.body as never });
      const body = (data ?? error) as unknown as HospReceipt | undefined;
      if (body && 'status' in body && (response.status === 200 || response.status === 422)) {
        setReceipt(body);
        setServerPlaced(body.issues.map((i) => place(i, checked.built.origins)));
        onSent();
      } else setRefusal(errorMessage(error, response.status));
    } catch {
      setRefusal('Нет связи с сервером: сведения не отправлены, введённое сохранено. Повторите отправку.');
    } finally {
      setSending(false);
    }
  };

  const errors = live.filter((p) => p.issue.severity === 'error');
  return (
    <Card title={`Сведения за сутки ${ru(day.forDate)}`}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {day.sections.includes('freeBeds') && <BedsGrid day={day} form={form} edit={edit} at={at} />}
        {PERSON_SECTIONS.filter((s) => day.sections.includes(s)).map((s) => (
          <PersonTable key={s} section={s} day={day} form={form} edit={edit} at={at} />
        ))}
        <div aria-live="polite">
          {errors.length > 0 && (
            <Alert
              type="error"
              showIcon
              message={`Ошибки в сведениях: ${formatNumber(errors.length)}`}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="form-issues">
                  {errors.slice(0, 20).map((p, i) => (
                    <li key={i}>{p.issue.message}</li>
                  ))}
                </ul>
              }
            />
          )}
        </div>
        <Space wrap>
          <Button type="primary" size="large" loading={sending} onClick={() => void send()}>
            Отправить сведения
          </Button>
          <Typography.Text type="secondary">Раздел без событий отметьте «Событий не было»: он передаётся пустым.</Typography.Text>
        </Space>
        {refusal && <Alert type="error" showIcon message={refusal} role="alert" />}
        {receipt && <Receipt receipt={receipt} day={day} />}
      </Space>
    </Card>
  );
}

type Edit = (place: string, change: (draft: FormState) => void) => void;
type At = (place: string) => string[];

function NoneBox({ section, form, edit, disabled }: { section: HospSection; form: FormState; edit: Edit; disabled: boolean }) {
  return (
    <Checkbox checked={!!form.none[section]} disabled={disabled} onChange={(e) => edit(section, (d) => void (d.none[section] = e.target.checked))}>
      Событий не было
    </Checkbox>
  );
}

function SectionIssues({ messages }: { messages: string[] }) {
  return messages.length ? <Alert type="error" message={messages.join(' ')} style={{ marginBottom: 8 }} /> : null;
}

/** (а) free beds: a row per profile, a column per day (today and the next ten working days). */
function BedsGrid({ day, form, edit, at }: { day: HospFormDay; form: FormState; edit: Edit; at: At }) {
  const [adding, setAdding] = useState<string>();
  const names = new Map(day.bedProfiles.map((p) => [p.code, p.name]));
  const used = new Set(form.beds.map((b) => b.profile));
  const releaseOptions = (date: string) => [...new Set([day.forDate, ...day.horizon.filter((h) => h <= date)])].map((d) => ({ value: d, label: short(d) }));
  return (
    <section aria-label={SECTIONS.freeBeds.title}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {SECTIONS.freeBeds.title}: свободные места на сегодня и 10 рабочих дней, с датой освобождения
      </Typography.Title>
      <SectionIssues messages={at('freeBeds')} />
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={form.beds.map((b, r) => ({ ...b, r }))}
        locale={{ emptyText: 'Добавьте профиль коек или отметьте, что свободных мест нет' }}
        columns={[
          {
            title: 'Профиль',
            key: 'profile',
            width: 150,
            render: (_, b) => (
              <Space direction="vertical" size={2}>
                <Typography.Text style={{ fontSize: 12 }}>
                  {b.profile} {names.get(b.profile)}
                </Typography.Text>
                <Button size="small" onClick={() => edit('freeBeds', (d) => void d.beds.splice(b.r, 1))} aria-label={`Удалить профиль ${b.profile}`}>
                  Удалить
                </Button>
              </Space>
            ),
          },
          ...day.horizon.map((date, d) => ({
            title: d === 0 ? `${short(date)} сегодня` : short(date),
            key: date,
            width: 76,
            render: (_: unknown, b: (typeof form.beds)[number] & { r: number }) => {
              const cell = b.cells[d] ?? {};
              const place = `freeBeds.${b.r}.${d}`;
              const problems = at(place);
              const label = `профиль ${b.profile}, ${ru(date)}`;
              return (
                <Space direction="vertical" size={2} title={problems.join(' ')}>
                  <InputNumber
                    size="small"
                    style={{ width: 64 }}
                    value={cell.free ?? null}
                    status={problems.length ? 'error' : undefined}
                    aria-label={`Свободно мест: ${label}`}
                    aria-invalid={problems.length > 0}
                    onChange={(v) => edit(place, (f) => void ((f.beds[b.r]!.cells[d] ??= {}).free = v === null ? null : Number(v)))}
                  />
                  {(!!cell.free || cell.releaseDate) && (
                    <Select
                      size="small"
                      style={{ width: 64 }}
                      placeholder="освоб."
                      suffixIcon={null}
                      value={cell.releaseDate}
                      status={problems.length ? 'error' : undefined}
                      aria-label={`Дата освобождения: ${label}`}
                      options={releaseOptions(date)}
                      onChange={(v?: string) => edit(place, (f) => void ((f.beds[b.r]!.cells[d] ??= {}).releaseDate = v))}
                    />
                  )}
                </Space>
              );
            },
          })),
        ]}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: 340 }}
          placeholder="Профиль койки"
          aria-label="Профиль койки для добавления"
          value={adding}
          onChange={setAdding}
          options={day.bedProfiles.filter((p) => !used.has(p.code)).map((p) => ({ value: p.code, label: `${p.code} ${p.name}` }))}
        />
        <Button
          disabled={!adding}
          onClick={() => {
            edit('freeBeds', (d) => void d.beds.push({ profile: adding!, cells: [] }));
            setAdding(undefined);
          }}
        >
          Добавить профиль
        </Button>
        <NoneBox section="freeBeds" form={form} edit={edit} disabled={form.beds.length > 0} />
      </Space>
    </section>
  );
}

/** (б)–(д) and §264: a record per person, an input per field of the section. */
function PersonTable({ section, day, form, edit, at }: { section: PersonSection; day: HospFormDay; form: FormState; edit: Edit; at: At }) {
  const spec = SECTIONS[section];
  const rows = form.rows[section];
  const set = (r: number, name: string, value: string | boolean) => edit(`${section}.${r}.${name}`, (d) => void (d.rows[section][r]![name] = value));
  const input = (r: number, row: PersonRow, name: string, kind: string) => {
    const place = `${section}.${r}.${name}`;
    const problems = at(place);
    const common = { 'aria-label': `${FIELD_LABEL[name] ?? name}, запись ${r + 1}`, 'aria-invalid': problems.length > 0, status: problems.length ? ('error' as const) : undefined };
    const value = row[name];
    const control =
      kind === 'flag' ? (
        <Checkbox checked={value === true} onChange={(e) => set(r, name, e.target.checked)} aria-label={common['aria-label']} />
      ) : kind === 'profile' || kind === 'reason' ? (
        <Select
          {...common}
          showSearch
          optionFilterProp="label"
          style={{ width: '100%' }}
          value={(value as string) || undefined}
          onChange={(v: string) => set(r, name, v)}
          options={(kind === 'profile' ? day.bedProfiles : day.reasons).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
        />
      ) : (
        <Input {...common} type={kind === 'date' ? 'date' : 'text'} inputMode={kind === 'date' ? undefined : 'numeric'} value={(value as string) ?? ''} onChange={(e) => set(r, name, e.target.value)} />
      );
    return (
      <>
        {control}
        {problems.map((m, i) => (
          <div key={i} className="field-error">
            {m}
          </div>
        ))}
      </>
    );
  };
  return (
    <section aria-label={spec.title}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {spec.title}
      </Typography.Title>
      <SectionIssues messages={at(section)} />
      {rows.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={rows.map((row, r) => ({ row, r }))}
          columns={[
            ...Object.entries(spec.fields).map(([name, field]) => ({
              title: `${FIELD_LABEL[name] ?? name}${field.required ? '' : ' (если есть)'}`,
              key: name,
              width: field.kind === 'flag' ? 60 : field.kind === 'profile' || field.kind === 'reason' ? 220 : field.kind === 'enp' ? 190 : undefined,
              render: (_: unknown, { row, r }: { row: PersonRow; r: number }) => input(r, row, name, field.kind),
            })),
            {
              title: '',
              key: 'remove',
              width: 90,
              render: (_: unknown, { r }: { r: number }) => (
                <Button size="small" onClick={() => edit(section, (d) => void d.rows[section].splice(r, 1))} aria-label={`Удалить запись ${r + 1}`}>
                  Удалить
                </Button>
              ),
            },
          ]}
        />
      )}
      <Space wrap style={{ marginTop: 8 }}>
        <Button onClick={() => edit(section, (d) => void d.rows[section].push({}))} aria-label={`Добавить запись: ${spec.title}`}>
          Добавить запись
        </Button>
        <NoneBox section={section} form={form} edit={edit} disabled={rows.length > 0} />
      </Space>
    </section>
  );
}

function Receipt({ receipt, day }: { receipt: HospReceipt; day: HospFormDay }) {
  const zone = day.timeZone;
  const accepted = receipt.status === 'ACCEPTED';
  const onTime = receipt.firstAcceptedAt ? Date.parse(receipt.firstAcceptedAt) <= Date.parse(day.dueAt) : undefined;
  const total = Object.values(receipt.counts).reduce((n, c) => n + (c ?? 0), 0);
  return (
    <section aria-label="Квитанция">
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        Квитанция
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }}>
        <Descriptions.Item label="Статус">
          <span data-testid="receipt-status">{statusTag(receipt.status)}</span> {OUTCOME[receipt.outcome]}
        </Descriptions.Item>
        <Descriptions.Item label={`Получено (${zoneLabel(zone)})`}>{formatInstant(receipt.receivedAt, zone)}</Descriptions.Item>
        <Descriptions.Item label={`Впервые принято (${zoneLabel(zone)})`}>
          {receipt.firstAcceptedAt ? `${formatInstant(receipt.firstAcceptedAt, zone)} — ${onTime ? 'в срок' : 'с опозданием'} (срок ${formatLocalDeadline(day.today, DUE_TIME)})` : 'ещё не принималось'}
        </Descriptions.Item>
        <Descriptions.Item label="Версия">{formatNumber(receipt.version)}</Descriptions.Item>
        <Descriptions.Item label="Записей" span={2}>
          {accepted
            ? `${formatNumber(total)}: ${Object.entries(receipt.counts)
                .map(([k, n]) => `${SECTIONS[k as HospSection].title} — ${formatNumber(n ?? 0)}`)
                .join('; ')}`
            : `ошибок ${formatNumber(receipt.errors)}, предупреждений ${formatNumber(receipt.warnings)}`}
        </Descriptions.Item>
      </Descriptions>
      {receipt.issues.length > 0 && (
        <ul style={{ marginTop: 8 }} data-testid="receipt-issues">
          {receipt.issues.map((i, n) => (
            <li key={n}>{i.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The same day as a CSV file: a signed PUT, then the file's ФЛК protocol once it has been checked. */
function CsvUpload({ me, day, onDone }: { me: Me; day: HospFormDay; onDone: () => void }) {
  const [percent, setPercent] = useState<number>();
  const [problem, setProblem] = useState<string>();
  const [retry, setRetry] = useState<() => void>();
  const [file, setFile] = useState<HospHistory['files'][number]>();
  const [issues, setIssues] = useState<ProtocolIssue[]>();
  const poll = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(poll.current), []);

  const follow = (name: string) => {
    const tick = async () => {
      const { data } = await api.GET('/v1/orgs/{org}/hospitalization/submissions', { params: { path: { org: me.org }, query: { from: day.forDate, to: day.forDate } } });
      const found = (data as unknown as HospHistory | undefined)?.files.find((f) => f.name === name);
      if (!found) return void (poll.current = setTimeout(() => void tick(), POLL_MS));
      setFile(found);
      onDone();
      if (found.protocol) {
        const csv = await fetch(found.protocol.csvUrl);
        setIssues(protocolIssues(await csv.text()));
      }
    };
    void tick();
  };

  const upload = async (chosen: File) => {
    clearTimeout(poll.current);
    [setProblem, setFile, setIssues, setRetry].forEach((s) => s(undefined));
    if (!/\.csv$/i.test(chosen.name)) return setProblem(`Файл «${chosen.name}» не принят: нужен файл CSV (разделитель «;», UTF-8 или windows-1251).`);
    setPercent(0);
    const grantUpload = () => api.POST('/v1/orgs/{org}/hospitalization/uploads', { params: { path: { org: me.org } }, body: { size: chosen.size } });
    const sent = await sendWithGrant(grantUpload, chosen, setPercent);
    if (!sent.ok) {
      // The chosen file is kept: «Повторить» asks for a new link and sends it again.
      setPercent(undefined);
      if (sent.retryable) setRetry(() => () => void upload(chosen));
      return setProblem(sent.message);
    }
    follow(sent.name);
  };

  return (
    <Card title="Или загрузите файл CSV">
      <Typography.Paragraph type="secondary">
        Столбцы: <Typography.Text code>{day.columns.join(';')}</Typography.Text>. Файл проверяется по тем же правилам (H001–H030).
      </Typography.Paragraph>
      <Upload.Dragger accept=".csv" multiple={false} showUploadList={false} customRequest={({ file }) => void upload(file as File)}>
        <p className="ant-upload-text">Перетащите сюда файл CSV со сведениями за сутки или нажмите, чтобы выбрать его</p>
      </Upload.Dragger>
      {percent !== undefined && !file && <Progress percent={percent} aria-label="Загрузка файла" style={{ marginTop: 12 }} />}
      {problem && <Alert type="error" showIcon message="Файл не принят" description={problem} action={retry && <Button onClick={retry}>Повторить</Button>} style={{ marginTop: 12 }} />}
      {file && (
        <section aria-label="Протокол файла" style={{ marginTop: 12 }}>
          <Space wrap>
            <span data-testid="file-status">{statusTag(file.status)}</span>
            <span>
              {file.name}, получен {formatInstant(file.receivedAt, day.timeZone)} ({zoneLabel(day.timeZone)}); ошибок {formatNumber(file.errors)}
            </span>
            {file.protocol && <Button href={file.protocol.xlsxUrl}>Скачать протокол (XLSX)</Button>}
          </Space>
          {issues && issues.length > 0 && (
            <Table<ProtocolIssue>
              size="small"
              rowKey={(i) => `${i.row}-${i.field}-${i.code}-${i.message}`}
              dataSource={issues}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: 'Строка', dataIndex: 'row', width: 80 },
                { title: 'Поле', dataIndex: 'field', width: 140 },
                { title: 'Код', dataIndex: 'code', width: 80 },
                { title: 'Сообщение', dataIndex: 'message' },
              ]}
            />
          )}
        </section>
      )}
    </Card>
  );
}

function History({ history, timeZone, onRange }: { history?: HospHistory; timeZone: string; onRange: (from: string, to: string) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    if (history && !from) [setFrom, setTo].forEach((s, i) => s(i ? history.to : history.from));
  }, [history, from]);
  const at = (iso?: string) => (iso ? formatInstant(iso, timeZone) : '—');
  return (
    <Card title={`История по дням (время — ${zoneLabel(timeZone)})`}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input type="date" aria-label="С даты" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 170 }} />
        <Input type="date" aria-label="По дату" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 170 }} />
        <Button onClick={() => onRange(from, to)} disabled={!from || !to}>
          Показать
        </Button>
      </Space>
      <Table<HospHistory['days'][number]>
        size="small"
        rowKey="forDate"
        loading={!history}
        dataSource={history?.days}
        pagination={{ pageSize: 14, hideOnSinglePage: true }}
        locale={{ emptyText: 'За эти дни сведения не отправлялись' }}
        columns={[
          { title: 'Сутки', dataIndex: 'forDate', render: ru },
          { title: 'Статус', dataIndex: 'status', render: statusTag },
          { title: 'Способ', dataIndex: 'source', render: (s: string) => (s === 'file' ? 'файл CSV' : 'форма / API') },
          { title: 'Впервые принято', dataIndex: 'firstAcceptedAt', render: at },
          { title: 'Последнее получено', dataIndex: 'lastReceivedAt', render: at },
          { title: 'Версия', dataIndex: 'version', align: 'right' },
          { title: 'Записей', key: 'n', align: 'right', render: (_, d) => formatNumber(Object.values(d.counts ?? {}).reduce((n, c) => n + (c ?? 0), 0)) },
          { title: 'Протокол', key: 'p', render: (_, d) => (d.protocol ? <a href={d.protocol.xlsxUrl}>XLSX</a> : '—') },
        ]}
      />
    </Card>
  );
}
