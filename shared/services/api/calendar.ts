import { calendarYear, loadCalendarDecree, type CalendarYearResult } from '../calendar.js';
import { audit } from './audit.js';
import { ApiError, created, ok, principalOf, type ApiRequest, type RouteHandler } from './http.js';

const PATH = '/v1/calendar/{year}';

/** `{year}` of the path: four digits, 2000–2100 (checked here too, whatever the route table says). */
function pathYear(request: ApiRequest): number {
  const value = request.pathParameters.year ?? '';
  const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(year >= 2000 && year <= 2100)) throw new ApiError(400, 'BAD_YEAR', `Параметр year: «${value}» — год из четырёх цифр, от 2000 до 2100.`);
  return year;
}

function answer(result: CalendarYearResult) {
  if (!result.ok) throw new ApiError(result.status, result.code, result.message);
  return result.answer;
}

/** The production calendar (DOMAIN.md §6): any user reads a year; FOMS loads a year's decree. */
export const CALENDAR_HANDLERS: Record<string, RouteHandler> = {
  [`GET ${PATH}`]: async (request) => ok(answer(await calendarYear(pathYear(request)))),

  [`PUT ${PATH}`]: async (request) => {
    const principal = principalOf(request);
    const year = pathYear(request);
    const loaded = answer(await loadCalendarDecree(year, request.body, principal, new Date()));
    const decree = loaded.decree!;
    await audit(request, principal, 'calendar-decree', `calendar/${year}/v${loaded.version}`, `Производственный календарь ${year}: постановление № ${decree.number} от ${decree.date}`);
    return created(loaded);
  },
};
