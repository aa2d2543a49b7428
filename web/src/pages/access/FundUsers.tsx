import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Me } from '../../api/types';
import { OutcomeAlert, PersonFields, type Outcome } from './parts';

interface PersonForm {
  org: string;
  snils: string;
  fio: string;
}

/**
 * Registration by a fund (seed 003, step 1): FOMS registers users of a TFOMS (or of FOMS itself);
 * a TFOMS registers the head of an MO or SMO of its region, who then registers the staff.
 */
export function FundUsers({ me }: { me: Me }) {
  const foms = me.orgType === 'FOMS';
  const [form] = Form.useForm<PersonForm>();
  const [result, setResult] = useState<Outcome>();
  const submit = async ({ org, snils, fio }: PersonForm) => {
    const body = { snils, fio };
    const { data, error, response } = foms
      ? await api.POST('/v1/funds/{org}/users', { params: { path: { org } }, body })
      : await api.POST('/v1/regions/{region}/orgs/{org}/head', { params: { path: { region: me.region ?? me.org, org } }, body });
    if (!data) return setResult({ ok: false, text: errorMessage(error, response.status) });
    setResult({ ok: true, text: foms ? `${fio} зарегистрирован(а) как пользователь ${org === 'FOMS' ? 'ФОМС' : `ТФОМС ${org}`}.` : `${fio} зарегистрирован(а) руководителем организации ${org}.` });
    form.resetFields();
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{foms ? 'Пользователи ТФОМС' : 'Руководители МО и СМО'}</Typography.Title>
      <Typography.Paragraph>
        {foms
          ? 'ФОМС регистрирует сотрудников территориальных фондов по СНИЛС после их идентификации в ЕСИА.'
          : 'ТФОМС регистрирует руководителя медицинской или страховой медицинской организации своего региона; руководитель затем регистрирует сотрудников и назначает им роли.'}
      </Typography.Paragraph>
      <Card size="small" title={foms ? 'Зарегистрировать пользователя ТФОМС' : 'Зарегистрировать руководителя'}>
        <Form form={form} layout="inline" onFinish={(v) => void submit(v)}>
          <Form.Item name="org" label={foms ? 'Код ТФОМС (субъекта) или FOMS' : 'Код МО (6 цифр) или СМО (5 цифр)'} rules={[{ required: true, message: 'Укажите код организации' }]}>
            <Input style={{ width: 110 }} />
          </Form.Item>
          <PersonFields />
          <Form.Item>
            <Button type="primary" htmlType="submit">
              Зарегистрировать
            </Button>
          </Form.Item>
        </Form>
        <OutcomeAlert outcome={result} spaced />
      </Card>
    </Space>
  );
}
