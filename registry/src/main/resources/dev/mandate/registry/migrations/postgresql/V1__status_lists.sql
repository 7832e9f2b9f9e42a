-- Status lists, one row per published Bitstring Status List.
CREATE TABLE status_list (
  id          TEXT    PRIMARY KEY,
  issuer      TEXT    NOT NULL,
  purpose     TEXT    NOT NULL,
  size        INTEGER NOT NULL,
  status_size INTEGER NOT NULL,
  ttl_ms      BIGINT  NOT NULL,
  allocated   INTEGER NOT NULL DEFAULT 0,
  is_full     INTEGER NOT NULL DEFAULT 0,
  version     BIGINT  NOT NULL DEFAULT 0,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL
);
CREATE INDEX status_list_open ON status_list (issuer, purpose, is_full);

-- One row per allocated index: never deleted, so an index is never handed out twice.
CREATE TABLE status_entry (
  list_id       TEXT    NOT NULL REFERENCES status_list (id),
  idx           INTEGER NOT NULL,
  credential_id TEXT    NOT NULL,
  purpose       TEXT    NOT NULL,
  task_id       TEXT,
  value         INTEGER NOT NULL DEFAULT 0,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  PRIMARY KEY (list_id, idx),
  UNIQUE (credential_id, purpose)
);
CREATE INDEX status_entry_task ON status_entry (task_id);

-- Every status change, in commit order per list: the audit trail and the feed for push notifications.
CREATE TABLE status_change (
  seq           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  list_id       TEXT    NOT NULL,
  list_version  BIGINT  NOT NULL,
  credential_id TEXT    NOT NULL,
  purpose       TEXT    NOT NULL,
  idx           INTEGER NOT NULL,
  old_value     INTEGER NOT NULL,
  new_value     INTEGER NOT NULL,
  at            BIGINT  NOT NULL
);
