import type { Migration } from './types';

/**
 * Attachments (files stored by content hash beside the ledger, linked to records, purchasers,
 * suppliers or certificates with a role) and the certificate registry. Certificates name their
 * product by name, as records do, so a record's product can be checked against them without a
 * product list entry.
 */
export const m006Attachments: Migration = {
  version: 6,
  name: 'attachments',
  up(db) {
    db.exec(`
      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        original_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE attachment_links (
        id INTEGER PRIMARY KEY,
        attachment_id INTEGER NOT NULL REFERENCES attachments(id),
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX attachment_links_target ON attachment_links(entity, entity_id);
      CREATE INDEX attachment_links_attachment ON attachment_links(attachment_id);
      CREATE TABLE certificates (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        number TEXT,
        product_name TEXT NOT NULL,
        supplier_name TEXT,
        issuer TEXT,
        valid_from TEXT,
        valid_to TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX certificates_product ON certificates(product_name);
      CREATE INDEX certificates_valid_to ON certificates(valid_to);
    `);
  },
};
