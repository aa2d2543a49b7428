import type { FileStatus } from '../domain/records.js';
import { fileIssue } from '../flk/codes.js';
import type { FlkIssue } from '../flk/types.js';

/**
 * A checked file's status (DOMAIN.md §3): REJECTED when it was `refused` as a whole (its own finding
 * says why), when it has no rows, when every row failed, or when the share of failed rows is above
 * the threshold (OMS_FLK_REJECT_SHARE); PARTIAL when some failed; else ACCEPTED — with the
 * file-level finding that says why it was rejected (F001 / F006).
 */
export function fileVerdict(rows: number, rejectedRows: number, threshold: number, refused = false): { status: FileStatus; issue?: FlkIssue } {
  if (refused) return { status: 'REJECTED' };
  const share = rows ? rejectedRows / rows : 1;
  const status: FileStatus = rows === 0 || rejectedRows === rows || share > threshold ? 'REJECTED' : rejectedRows ? 'PARTIAL' : 'ACCEPTED';
  if (rows === 0) return { status, issue: fileIssue('F001', {}) };
  return status === 'REJECTED' ? { status, issue: fileIssue('F006', { share, threshold }) } : { status };
}
