import { Alert, Button, Card, Form, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Authority, Grant, Me, OrgUser, Role } from '../../api/types';
import { AUTHORITY_LABEL, formatSnils, mayManageUsers, ROLES } from './access';
import { OutcomeAlert, PersonFields, type Outcome } from './parts';

const NO_ROLE = '';
const roleOptions = [{ value: NO_ROLE, label: 'нет' }, ...ROLES.map((r) => ({ value: r, label: r }))];

const grantTags = (u: OrgUser) =>
  u.isHead ? (
    <Tag color="#237804">Руководитель: все роли</Tag>
  ) : u.grants.length ? (
    u.grants.map((g) => (
      <Tag key={g.authority} color="#0958d9">
        {g.authority}: {g.role}
      </Tag>
    ))
  ) : (
    <Typography.Text type="secondary">нет полномочий</Typography.Text>
  );

/**
 * «Пользователи и роли» of an MO or SMO (seed 003): staff with their authorities and roles; the
 * head (or authority B «Утверждение») registers staff, grants and revokes roles, ends access.
 */
export function StaffUsers({ me }: { me: Me }) {
  const [users, setUsers] = useState<OrgUser[]>();
  const [failure, setFailure] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const admin = mayManageUsers(me);

  const load = useCallback(async () => {
    const { data, error, response } = await api.GET('/v1/orgs/{org}/users', { params: { path: { org: me.org } } });
    if (!data) return setFailure(errorMessage(error, response.status));
    setFailure(undefined);
    setUsers((data as unknown as { users: OrgUser[] }).users);
  }, [me.org]);
  useEffect(() => void load(), [load]);

  const chosen = users?.find((u) => u.snils === selected);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>Пользователи и роли</Typography.Title>
      {failure && <Alert type="error" showIcon message="Список пользователей недоступен" description={failure} />}
      <Table<OrgUser>
        aria-label="Пользователи организации"
        rowKey="snils"
        size="small"
        loading={!users && !failure}
        dataSource={users}
        pagination={false}
        virtual
        scroll={{ y: 300 }}
        rowClassName={(u) => (u.snils === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: 'ФИО', dataIndex: 'fio', width: 300 },
          { title: 'СНИЛС', dataIndex: 'snils', width: 150, render: formatSnils },
          { title: 'Полномочия и роли', width: 300, render: (_: unknown, u) => grantTags(u) },
          { title: 'Доступ', dataIndex: 'active', width: 130, render: (active: boolean) => (active ? 'есть' : <Tag color="#a8071a">прекращён</Tag>) },
          ...(admin
            ? [{ title: 'Действия', width: 130, render: (_: unknown, u: OrgUser) => !u.isHead && u.active && <Button size="small" onClick={() => setSelected(u.snils)}>Изменить</Button> }]
            : []),
        ]}
      />
      {admin && chosen && <UserGrants key={chosen.snils} org={me.org} user={chosen} self={chosen.snils === me.snils} onChanged={load} />}
      {admin && <RegisterStaff org={me.org} onRegistered={load} />}
    </Space>
  );
}

/** One staff member's role per authority: grant or change, revoke, and end access. */
function UserGrants({ org, user, self, onChanged }: { org: string; user: OrgUser; self: boolean; onChanged: () => Promise<void> }) {
  const [roles, setRoles] = useState<Record<Authority, Role | typeof NO_ROLE>>({
    A: user.grants.find((g) => g.authority === 'A')?.role ?? NO_ROLE,
    B: user.grants.find((g) => g.authority === 'B')?.role ?? NO_ROLE,
  });
  const [result, setResult] = useState<Outcome>();
  const path = { org, snils: user.snils };

  const answer = async (call: Promise<{ data?: unknown; error?: unknown; response: Response }>, done: string) => {
    const { data, error, response } = await call;
    setResult(data ? { ok: true, text: done } : { ok: false, text: errorMessage(error, response.status) });
    if (data) await onChanged();
  };
  const grant = (authority: Authority) => {
    const role = roles[authority];
    if (!role) return setResult({ ok: false, text: `Выберите роль по полномочию ${authority}.` });
    void answer(api.PUT('/v1/orgs/{org}/users/{snils}/grants/{authority}', { params: { path: { ...path, authority } }, body: { role } }), `Назначена роль «${role}» по полномочию ${authority}.`);
  };
  const revoke = (authority: Authority) =>
    void answer(api.DELETE('/v1/orgs/{org}/users/{snils}/grants/{authority}', { params: { path: { ...path, authority } } }), `Полномочие ${authority} отозвано.`);
  const end = () => void answer(api.DELETE('/v1/orgs/{org}/users/{snils}', { params: { path } }), 'Доступ прекращён.');

  return (
    <Card size="small" title={`Полномочия: ${user.fio}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {(['A', 'B'] as const).map((authority) => (
          <Space key={authority} wrap>
            <span id={`role-${authority}`} style={{ display: 'inline-block', width: 260 }}>
              Полномочие {AUTHORITY_LABEL[authority]}
            </span>
            <Select aria-labelledby={`role-${authority}`} style={{ width: 180 }} value={roles[authority]} options={roleOptions} onChange={(role) => setRoles((r) => ({ ...r, [authority]: role }))} />
            <Button onClick={() => grant(authority)}>Назначить</Button>
            <Button disabled={!user.grants.some((g) => g.authority === authority)} onClick={() => revoke(authority)}>
              Отозвать {authority}
            </Button>
          </Space>
        ))}
        {!self && (
          <Popconfirm title="Прекратить доступ пользователя?" description="Доступ прекращается сразу, на следующем же запросе." okText="Прекратить" cancelText="Отмена" onConfirm={end}>
            <Button>
              Прекратить доступ
            </Button>
          </Popconfirm>
        )}
        <OutcomeAlert outcome={result} />
      </Space>
    </Card>
  );
}

interface StaffForm {
  snils: string;
  fio: string;
  roleA?: Role | typeof NO_ROLE;
  roleB?: Role | typeof NO_ROLE;
}

/** Registers a staff member with at least one authority; the server checks СНИЛС and name and says which field is wrong. */
function RegisterStaff({ org, onRegistered }: { org: string; onRegistered: () => Promise<void> }) {
  const [form] = Form.useForm<StaffForm>();
  const [result, setResult] = useState<Outcome>();
  const submit = async (values: StaffForm) => {
    const grants: Grant[] = (['A', 'B'] as const).flatMap((authority) => {
      const role = authority === 'A' ? values.roleA : values.roleB;
      return role ? [{ authority, role }] : [];
    });
    const { data, error, response } = await api.POST('/v1/orgs/{org}/users', { params: { path: { org } }, body: { snils: values.snils, fio: values.fio, grants } });
    if (!data) return setResult({ ok: false, text: errorMessage(error, response.status) });
    setResult({ ok: true, text: `Пользователь ${values.fio} зарегистрирован.` });
    form.resetFields();
    await onRegistered();
  };
  return (
    <Card size="small" title="Зарегистрировать сотрудника">
      <Form form={form} layout="inline" onFinish={(v) => void submit(v)} initialValues={{ roleA: NO_ROLE, roleB: NO_ROLE }}>
        <PersonFields />
        <Form.Item name="roleA" label="Роль A">
          <Select style={{ width: 150 }} options={roleOptions} />
        </Form.Item>
        <Form.Item name="roleB" label="Роль B">
          <Select style={{ width: 150 }} options={roleOptions} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            Зарегистрировать
          </Button>
        </Form.Item>
      </Form>
      <OutcomeAlert outcome={result} spaced />
    </Card>
  );
}
