/**
 * The explicit migration registry. Add a migration by writing NNN-name.ts and appending it
 * here; never edit or reorder one that has shipped. (Not read from a folder at run time:
 * bundling breaks that.)
 */
import { m001Initial } from './001-initial';
import { m002SortIndexes } from './002-sort-indexes';
import { m003ImportMappings } from './003-import-mappings';
import { m004PickListIndexes } from './004-pick-list-indexes';
import { m005Checks } from './005-checks';
import { m006Attachments } from './006-attachments';
import { m007AuditRowDigest } from './007-audit-row-digest';
import { m008SortByCheckIndexes } from './008-sort-by-check-indexes';
import { m009IdsNeverReused } from './009-ids-never-reused';
import { m010RecordSource } from './010-record-source';
import { m011PinyinSortKeys } from './011-pinyin-sort-keys';
import { m012UnionEmployer } from './012-union-employer';
import { m013AttachmentBlobs } from './013-attachment-blobs';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002SortIndexes, m003ImportMappings, m004PickListIndexes, m005Checks, m006Attachments, m007AuditRowDigest, m008SortByCheckIndexes, m009IdsNeverReused, m010RecordSource, m011PinyinSortKeys, m012UnionEmployer, m013AttachmentBlobs];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export type { Migration };
