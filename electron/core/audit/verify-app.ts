import { verifyAttachments } from '../attachments/verify';
import { defineHandlers, requireLedger } from '../context';
import { verifyLedgerAgainst } from '../package/verify-chain';
import { repairReusedIds } from './repair-reused-ids';
import { verifyLedger } from './verify';

export const verifyHandlers = defineHandlers({
  'verify/ledger': (ctx, { against }) => {
    const session = requireLedger(ctx);
    const problems = [...verifyLedger(session.db), ...verifyAttachments(session.db, session.path)];
    // The city's copies as witnesses: the ledger must still hold what each package vouched for.
    for (const pkg of against ?? []) problems.push(...verifyLedgerAgainst(session.db, pkg.name, pkg.content));
    return { ok: problems.length === 0, problems };
  },
  'ledger/repairReusedIds': (ctx, { dryRun }) => ({ repaired: repairReusedIds(requireLedger(ctx), dryRun) }),
});
