-- Checkpoints of the behaviour guard's baselines (docs/guard.md, "Checkpoints"): the leading guard writes one every
-- N log entries and when it stops, so a restarting guard reads only the log after it. Each is bound to the log: the
-- Merkle root of the first `position` entries, and the audit entry `entry_seq` (type guard, action checkpoint) that
-- records the SHA-256 of the state and of the service state. A checkpoint that does not match is ignored.
CREATE TABLE guard_checkpoint (
  position       BIGINT  PRIMARY KEY,
  root_hash      TEXT    NOT NULL,
  entry_seq      BIGINT  NOT NULL,
  format         INTEGER NOT NULL,
  config_sha256  TEXT    NOT NULL,
  state_sha256   TEXT    NOT NULL,
  service_sha256 TEXT    NOT NULL,
  state          BYTEA   NOT NULL,
  service        TEXT    NOT NULL,
  created_at     BIGINT  NOT NULL
);
