/**
 * What SheetJS's community edition does not write, added to its output: a frozen header row
 * and drop-down lists (data validation). SheetJS writes the package uncompressed; we edit the
 * worksheet XML and compress once (core/zip-writer.ts), so the patch costs a re-read of stored
 * entries, not a second compression.
 */
import * as XLSX from 'xlsx';
import { writeZip } from '../zip-writer';

export interface SheetPatch {
  /** 1-based sheet number in the workbook */
  sheet: number;
  freezeHeader?: boolean;
  /** column letter range → the cells holding the allowed values, e.g. `'填写选项'!$A$2:$A$12` */
  lists?: { sqref: string; source: string }[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function patchSheetXml(xml: string, patch: SheetPatch): string {
  let out = xml;
  if (patch.freezeHeader) {
    const pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>';
    out = out.replace(/<sheetView([^>]*?)\/>/, `<sheetView$1>${pane}</sheetView>`);
  }
  if (patch.lists?.length) {
    const items = patch.lists
      .map((l) => `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="请从列表中选择" error="请从下拉列表中选择一项" sqref="${l.sqref}"><formula1>${escapeXml(l.source)}</formula1></dataValidation>`)
      .join('');
    const block = `<dataValidations count="${patch.lists.length}">${items}</dataValidations>`;
    // Schema order: dataValidations comes after sheetData/mergeCells and before pageMargins.
    const before = /<(hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|drawing|legacyDrawing|tableParts|extLst)\b/.exec(out);
    out = before ? out.slice(0, before.index) + block + out.slice(before.index) : out.replace('</worksheet>', `${block}</worksheet>`);
  }
  return out;
}

/** Writes `wb` as a compressed .xlsx with the patches applied. */
export function writePatchedXlsx(wb: XLSX.WorkBook, patches: SheetPatch[]): Uint8Array {
  const stored = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: false }) as Buffer;
  const zip = XLSX.CFB.read(stored, { type: 'buffer' });
  for (const patch of patches) {
    const name = `/xl/worksheets/sheet${patch.sheet}.xml`;
    const i = (zip.FullPaths as string[]).findIndex((p) => p.endsWith(name));
    if (i < 0) throw new Error(`workbook has no ${name}`);
    const entry = zip.FileIndex[i];
    const xml = Buffer.from(entry.content as Uint8Array).toString('utf8');
    entry.content = Buffer.from(patchSheetXml(xml, patch), 'utf8');
    entry.size = (entry.content as Buffer).length;
  }
  // Compressed once, with zlib (SheetJS would deflate in JavaScript: seconds on 100,000 rows).
  const files = new Map<string, Uint8Array>();
  zip.FileIndex.forEach((entry: { type: number; content: Uint8Array }, i: number) => {
    const name = (zip.FullPaths[i] as string).replace(/^Root Entry\//, '');
    // files only; SheetJS's own placeholder entry (\u0001Sh33tJ5) never goes into a zip
    if (entry.type === 2 && !name.startsWith('\u0001')) files.set(name, entry.content as Uint8Array);
  });
  return writeZip(files);
}
