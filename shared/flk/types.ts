export type Severity = 'error' | 'warning';

/** One finding of format-logical control (ФЛК); one protocol row. */
export interface FlkIssue {
  /** Physical line in the file, header = 1; 0 for a file-level finding. */
  line: number;
  /** Column name as in the file's conventions (`ENP`, `DR`…); '' when the whole row or file is meant. */
  field: string;
  /** The value as received (may hold personal data: goes to the sender's protocol, never to logs). */
  value: string;
  code: string;
  severity: Severity;
  /** Full Russian sentence naming row, field, value and rule. */
  message: string;
}

/** Where each known column is in a file's rows (-1 when absent), and how many fields a row has. */
export interface ColumnMap<C extends string = string> {
  readonly index: Readonly<Record<C, number>>;
  readonly width: number;
}

export type HeaderResult<C extends string> =
  | { ok: true; columns: ColumnMap<C>; warnings: FlkIssue[] }
  | { ok: false; issues: FlkIssue[] };
