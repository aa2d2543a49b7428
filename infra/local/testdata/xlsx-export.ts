import ExcelJS from 'exceljs';

/**
 * Writes rows as an XLSX export (first sheet, header row, every cell as text — ЕНП and СНИЛС must
 * not become numbers), streaming so memory stays flat.
 */
export async function writeXlsxExport(path: string, header: readonly string[], rows: Iterable<readonly string[]>): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Выгрузка');
  sheet.addRow([...header]).commit();
  let count = 0;
  for (const fields of rows) {
    sheet.addRow([...fields]).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
