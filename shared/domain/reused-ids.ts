/** What the repair of a reused number ends, in words the window's dialog and the CLI both use. */
import type { ReusedIdRepair } from '../api';

export function repairItems(p: ReusedIdRepair): string[] {
  return [...p.links.map((l) => `附件“${l.name}”（${l.role}）的关联`), ...p.waivers.map((w) => `检查豁免 ${w.code}（${w.reason}）`)];
}
