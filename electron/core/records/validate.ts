/** The write path's check of a record row: every field must hold a value its kind can take. */
import { AppError } from '../../../shared/result';
import { RECORD_FIELDS, storedValueProblem } from '../../../shared/record-fields';
import type { RowValidator } from '../db/write-path';
import { FIELD_COLUMNS } from './columns';

export function recordValidator(isCounty: (code: string) => boolean): RowValidator {
  return (row) => {
    const errors: Record<string, string> = {};
    for (const field of RECORD_FIELDS) {
      const problem = storedValueProblem(field, row[FIELD_COLUMNS[field.key]], { isCounty });
      if (problem) errors[field.key] = problem;
    }
    const keys = Object.keys(errors);
    if (keys.length > 0) {
      throw new AppError('VALIDATION', `记录${row.id ? ` ${String(row.id)} ` : ''}有 ${keys.length} 处无法保存：${Object.values(errors).join('；')}`, {
        fields: errors,
      });
    }
  };
}
