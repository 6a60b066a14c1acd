/**
 * Where a worker thread's code comes from:
 * - under tsx and vitest (development, tests): the .ts source beside its caller, loaded with
 *   `execArgv: ['--import', <tsx's loader>]` (tsx registers its TypeScript loader in the worker;
 *   Node's own type stripping cannot resolve our extensionless imports). The loader is resolved
 *   from this file, not the working directory, so it works from any cwd;
 * - in the built Electron app: electron-vite emits each worker as its own chunk
 *   (`import url from './worker?modulePath'` in electron/main/index.ts), and the core is given
 *   that file; then no execArgv is needed.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The core's worker threads, by what they do (each a separate chunk in the Electron build). */
export interface WorkerUrls {
  /** imports/worker.ts: parses an import file, with its own time and memory limits */
  importParse?: string;
  /** checks/audit-chain-worker.ts: walks a large audit log beside the other checks */
  auditChain?: string;
  /** demo/rows-worker.ts: makes and prepares the demo's records while they are written */
  demoRows?: string;
  /** db/pg/client-thread.ts: holds a PostgreSQL ledger's connection for the synchronous core */
  pgClient?: string;
}

export interface WorkerScript {
  url: URL | string;
  execArgv: string[];
}

export function workerScript(built: URL | string | undefined, source: URL): WorkerScript {
  const url = built ?? source;
  return { url, execArgv: String(url).endsWith('.ts') ? ['--import', tsxLoader()] : [] };
}

/** tsx's ESM loader as a file URL (a bare `--import tsx` would resolve from process.cwd()). */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
