import { verifyAttachments } from '../attachments/verify';
import { defineHandlers, requireLedger } from '../context';
import { verifyLedger } from './verify';

export const verifyHandlers = defineHandlers({
  'verify/ledger': (ctx) => {
    const session = requireLedger(ctx);
    const problems = [...verifyLedger(session.db), ...verifyAttachments(session.db, session.path)];
    return { ok: problems.length === 0, problems };
  },
});
