-- The tamper-evident audit log (RFC 9162 Merkle tree over the entries). Append only: the code never
-- updates or deletes a row. seq is the leaf index, gapless from 0, assigned inside the appending
-- transaction from audit_state under its row lock.
CREATE TABLE audit_entry (
  seq        BIGINT  PRIMARY KEY,
  created_at BIGINT  NOT NULL,
  type       TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  subject    TEXT    NOT NULL,
  details    TEXT    NOT NULL,
  leaf_hash  TEXT    NOT NULL
);

-- The next seq; one row, locked by every append.
CREATE TABLE audit_state (
  id       INTEGER PRIMARY KEY,
  next_seq BIGINT  NOT NULL
);
INSERT INTO audit_state (id, next_seq) VALUES (1, 0);

-- Signed tree heads made by the organisation's key.
CREATE TABLE audit_tree_head (
  tree_size  BIGINT NOT NULL,
  root_hash  TEXT   NOT NULL,
  signed_at  BIGINT NOT NULL,
  key_id     TEXT   NOT NULL,
  key_type   TEXT   NOT NULL,
  signature  TEXT   NOT NULL,
  PRIMARY KEY (tree_size, signed_at, key_id)
);
