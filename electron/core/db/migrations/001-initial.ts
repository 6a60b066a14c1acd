import type { Migration } from './types';

/** The ledger's first schema: settings, the lists, records, import batches and the audit log. */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE office_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        data_json TEXT NOT NULL
      );

      CREATE TABLE purchasers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        credit_code TEXT,
        type TEXT,
        budget_unit INTEGER NOT NULL DEFAULT 0,
        street TEXT
      );
      CREATE INDEX purchasers_name ON purchasers(name);
      CREATE INDEX purchasers_credit_code ON purchasers(credit_code);

      CREATE TABLE suppliers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        credit_code TEXT,
        county_code TEXT,
        kind TEXT,
        households INTEGER
      );
      CREATE INDEX suppliers_name ON suppliers(name);

      CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        category TEXT,
        origin_code TEXT,
        supplier_name TEXT,
        in_catalogue INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX products_name ON products(name);

      CREATE TABLE paired_regions (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        from_year INTEGER,
        to_year INTEGER
      );

      CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        sheet TEXT,
        mapping_json TEXT,
        records INTEGER NOT NULL DEFAULT 0,
        total_fen INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        rolled_back_at TEXT
      );
      CREATE INDEX import_batches_sha256 ON import_batches(sha256);

      -- One purchase line as the unit reported it: purchaser and product are kept as text
      -- (not only as links) because inspectors compare what units wrote, and conflicts
      -- between records are themselves findings (PURCHASER_CONFLICT).
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        date TEXT,
        purchaser_name TEXT,
        credit_code TEXT,
        purchaser_type TEXT,
        product_name TEXT,
        category TEXT,
        origin_code TEXT,
        supplier_name TEXT,
        quantity REAL,
        unit TEXT,
        unit_price REAL,
        amount_fen INTEGER,
        channel TEXT,
        invoice_no TEXT,
        households INTEGER,
        kind TEXT,
        person_times INTEGER,
        order_no TEXT,
        remark TEXT,
        batch_id INTEGER REFERENCES import_batches(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX records_batch ON records(batch_id);

      -- Append-only and hash-chained: each entry's hash covers the previous entry's hash,
      -- so an edit made outside the app (to this log or to the rows it describes) is found by verify.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        label TEXT,
        op_id INTEGER NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before_json TEXT,
        after_json TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);
      CREATE INDEX audit_log_op ON audit_log(op_id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `);
  },
};
