import { Alert, Typography } from 'antd';
import type { DocumentEffects } from '../../api/types';

/** What accepting a document changes, line by line as the server words it; a refusal says why it cannot be accepted. */
export function DocumentChanges({ effects }: { effects: DocumentEffects }) {
  return (
    <div>
      <Typography.Text strong>Что изменится при принятии:</Typography.Text>
      <ul style={{ margin: '4px 0' }}>
        {effects.changes.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {effects.refused && <Alert type="warning" showIcon message="Принять нельзя" description={effects.refused} />}
    </div>
  );
}
