import { Alert, Form, Input } from 'antd';

/** What an action came to, in Russian: done, or the server's refusal. */
export interface Outcome {
  ok: boolean;
  text: string;
}

export function OutcomeAlert({ outcome, spaced }: { outcome?: Outcome; spaced?: boolean }) {
  if (!outcome) return null;
  return <Alert style={spaced ? { marginTop: 12 } : undefined} type={outcome.ok ? 'success' : 'error'} showIcon message={outcome.text} />;
}

/** СНИЛС and ФИО of a person being registered; the server checks both and names the wrong one. */
export function PersonFields() {
  return (
    <>
      <Form.Item name="snils" label="СНИЛС" rules={[{ required: true, message: 'Укажите СНИЛС' }]}>
        <Input placeholder="123-456-789 01" style={{ width: 150 }} />
      </Form.Item>
      <Form.Item name="fio" label="ФИО" rules={[{ required: true, message: 'Укажите ФИО' }]}>
        <Input style={{ width: 260 }} />
      </Form.Item>
    </>
  );
}
