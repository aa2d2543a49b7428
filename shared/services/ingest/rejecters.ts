import type { FileKind } from '../../domain/records.js';
import { rejectReturn } from '../abonent/returns.js';
import { rejectHospitalizationFile } from '../hospitalization/submissions.js';
import { rejectResultsFile } from '../informing/results-file.js';
import { rejectStageOneFile, type Rejecter } from './verdicts.js';

/** Every kind's rejecter, for the watchdog, which ends stuck files of any kind (verdicts.ts). */
export const REJECTERS: Record<FileKind, Rejecter> = {
  insured: rejectStageOneFile,
  covid: rejectStageOneFile,
  abonent: rejectReturn,
  informing: rejectResultsFile,
  hospitalization: rejectHospitalizationFile,
};
