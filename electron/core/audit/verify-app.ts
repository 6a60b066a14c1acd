import { defineHandlers, requireLedger } from '../context';
import { verifyLedger } from './verify';

export const verifyHandlers = defineHandlers({
  'verify/ledger': (ctx) => {
    const problems = verifyLedger(requireLedger(ctx).db);
    return { ok: problems.length === 0, problems };
  },
});
