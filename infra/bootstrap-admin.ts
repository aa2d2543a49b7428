/**
 * The first FOMS administrator of an installation: everyone else is registered through the API
 * (FOMS → TFOMS staff → MO/SMO heads → their staff), so somebody has to exist first.
 *   npx tsx infra/bootstrap-admin.ts --table <main table name from the stack outputs> --snils <СНИЛС> --fio "<ФИО>"
 * Uses the AWS credentials and region of the environment. Idempotent: an existing user is kept.
 */
import { parseArgs } from 'node:util';
import { createUser } from '../shared/adapters/store/users.js';
import { checkSnils, normalizeSnils } from '../shared/identifiers/snils.js';

const { values } = parseArgs({ options: { table: { type: 'string' }, snils: { type: 'string' }, fio: { type: 'string' } } });
if (!values.table || !values.snils || !values.fio) {
  console.error('usage: npx tsx infra/bootstrap-admin.ts --table <MainTable> --snils <СНИЛС> --fio "<ФИО>"');
  process.exit(2);
}
if (checkSnils(values.snils)) {
  console.error(`СНИЛС «${values.snils}» неверен (формат или контрольное число).`);
  process.exit(2);
}
process.env.OMS_MAIN_TABLE = values.table;
const snils = normalizeSnils(values.snils)!;
const created = await createUser({ snils, fio: values.fio, org: 'FOMS', isHead: false, active: true, createdBy: 'bootstrap', createdAt: new Date().toISOString() });
console.log(created ? `Зарегистрирован администратор ФОМС ${snils}.` : `Пользователь ${snils} уже зарегистрирован; ничего не изменено.`);
