import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import { getTargetReport, targetReportsOf } from '../../adapters/store/target-reports.js';
import { loadReportingCalendar, produceTargetReport, reportAndPeriod, ReportRefused } from '../reporting/target-reports.js';
import { audit } from './audit.js';
import { ApiError, ok, principalOf, type ApiRequest, type RouteHandler } from './http.js';
import { pathRegion } from './params.js';

const TREP = '/v1/regions/{region}/target-reports';
const DOWNLOAD_SECONDS = 300;

/** The report and period of the path (4xx in Russian when not in the calendar or malformed). */
function pathReport(request: ApiRequest) {
  try {
    return reportAndPeriod(request.pathParameters.reportId ?? '', request.pathParameters.period ?? '');
  } catch (error) {
    if (error instanceof ReportRefused) throw new ApiError(error.status, error.code, error.message);
    throw error;
  }
}

/** Seed 002's reporting calendar (Мероприятия 4, 5): the TFOMS's periodic reports. Access rules: api-routes.ts. */
export const TARGET_REPORT_HANDLERS: Record<string, RouteHandler> = {
  [`GET ${TREP}`]: async (request) => {
    const region = pathRegion(request);
    const calendar = loadReportingCalendar();
    const submitted = (await targetReportsOf(region.code)).map(({ key: _k, ...r }) => r);
    return ok({ region: region.code, calendar, submitted });
  },

  [`POST ${TREP}/{reportId}/{period}`]: async (request) => {
    const region = pathRegion(request);
    const { report, period } = pathReport(request);
    try {
      const record = await produceTargetReport({ region, reportId: report.id, period: period.id, by: principalOf(request).snils, now: new Date() });
      const { key: _k, ...rest } = record;
      return { statusCode: 201, body: { report: rest } };
    } catch (error) {
      if (error instanceof ReportRefused) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
  },

  [`GET ${TREP}/{reportId}/{period}`]: async (request) => {
    const region = pathRegion(request);
    const { report, period } = pathReport(request);
    const record = await getTargetReport(region.code, report.id, period.id);
    if (!record) throw new ApiError(404, 'REPORT_NOT_SUBMITTED', `Отчёт «${report.id}» за ${period.id} по региону ${region.code} ещё не представлен: сформируйте его методом POST по этому же адресу.`);
    await audit(request, principalOf(request), 'target-report-url', `${region.code}/${report.id}/${period.id}`, 'Отчёт об информировании застрахованных лиц (seed 002)');
    const { key, ...rest } = record;
    const url = await signedGetUrl(config.bucket('outbox'), key, DOWNLOAD_SECONDS, `Информирование_${region.code}_${report.id}_${period.id}.xlsx`);
    return ok({ report: { ...rest, url, expiresInSeconds: DOWNLOAD_SECONDS } });
  },
};
