import { Table } from 'antd';
import type { ProtocolIssue } from './upload';

/** The rows of a ФЛК protocol as every screen shows them (the CSV read by protocolIssues). */
export function ProtocolTable({ issues, withLevel = false }: { issues: ProtocolIssue[]; withLevel?: boolean }) {
  return (
    <Table<ProtocolIssue>
      aria-label="Строки протокола"
      rowKey={(i) => `${i.row}-${i.code}-${i.field}-${i.message}`}
      size="small"
      dataSource={issues}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: 'Ошибок нет' }}
      columns={[
        { title: 'Строка', dataIndex: 'row', width: 80 },
        { title: 'Поле', dataIndex: 'field', width: 120 },
        { title: 'Значение', dataIndex: 'value', width: 180 },
        { title: 'Код', dataIndex: 'code', width: 80 },
        ...(withLevel ? [{ title: 'Уровень', dataIndex: 'level', width: 120 }] : []),
        { title: 'Сообщение', dataIndex: 'message' },
      ]}
    />
  );
}
