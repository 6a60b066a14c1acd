/** Package handlers: verifying a package anyone hands us (building one lands with the checks). */
import { defineHandlers } from '../context';
import { verifyPackage } from './verify';

export const packageHandlers = defineHandlers({
  'package/verify': (_ctx, { content }) => {
    const r = verifyPackage(content);
    const m = r.manifest;
    return {
      ok: r.ok,
      problems: r.problems,
      manifest: m ? { office: m.office, period: m.period, version: m.version, records: m.records, totalFen: m.totalFen, createdAt: m.createdAt, files: m.files.length } : null,
    };
  },
});
