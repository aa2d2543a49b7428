import type { FileKind, FileStatus } from '../domain/records.js';

/** Where a received file is in the pipeline; transitions only move forward. */
export type FilePhase = 'RECEIVED' | 'VALIDATING' | 'FINALIZING' | 'LOADING' | 'DONE';

export interface FileRecord {
  fileId: string;
  kind: FileKind;
  /** Region code of the sender, or `federal` for FOMS files. */
  sender: string;
  bucket: string;
  key: string;
  /** Inbox prefix the file arrived under (`77/insured`, `federal/covid`) and its name after it. */
  prefix: string;
  name: string;
  etag: string;
  versionId?: string;
  size: number;
  /** Event time of the S3 notification: stable across redeliveries. */
  receivedAt: string;
  phase: FilePhase;
  status?: FileStatus;
  format?: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'windows-1251';
  /** Header fields as received, so chunk workers need not re-read line 1. */
  header?: string[];
  /** Chunk size the file was planned with (CSV), so every step derives the same ranges. */
  chunkBytes?: number;
  chunkCount?: number;
  validatedChunks?: number[];
  loadedChunks?: number[];
  /** Regions holding persons whose ЕНП this file's rows carry (cross-region conflicts opened). */
  claimedFrom?: string[];
  rows?: number;
  acceptedRows?: number;
  rejectedRows?: number;
  errors?: number;
  warnings?: number;
  protocolCsvKey?: string;
  protocolXlsxKey?: string;
  duplicateOf?: string;
  /** Times the watchdog re-sent the file's missing step (capped: watchdog.ts MAX_REDRIVES). */
  redrives?: number;
  updatedAt: string;
}

/** Counts of one validated chunk (line numbers inside a chunk are local, 1-based). */
export interface ChunkSummary {
  chunk: number;
  /** Physical lines that start in the chunk's range, header and blank lines included. */
  lines: number;
  dataRows: number;
  validRows: number;
  errorRows: number;
  errors: number;
  warnings: number;
}
