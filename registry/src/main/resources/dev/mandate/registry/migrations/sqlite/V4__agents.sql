-- The agent registry: one row per agent, its state-change history and the credentials issued to it.
-- version counts state changes; each history row takes the next version under the agent's row lock
-- (BEGIN IMMEDIATE on SQLite), so (did, seq) being unique rules out two racing changes from one state.
CREATE TABLE agent (
  did          TEXT    PRIMARY KEY,
  name         TEXT    NOT NULL,
  owner        TEXT    NOT NULL,
  purpose      TEXT    NOT NULL,
  code_digest  TEXT    NOT NULL,
  image_digest TEXT    NOT NULL,
  workload_id  TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  version      BIGINT  NOT NULL,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL
);

CREATE TABLE agent_history (
  did        TEXT    NOT NULL,
  seq        BIGINT  NOT NULL,
  from_state TEXT    NOT NULL,
  to_state   TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  at         BIGINT  NOT NULL,
  PRIMARY KEY (did, seq)
);

-- Credentials issued to an agent; revoked_at is set once retiring the agent revoked it (0 = not yet).
CREATE TABLE agent_credential (
  did           TEXT    NOT NULL,
  credential_id TEXT    NOT NULL,
  recorded_at   BIGINT  NOT NULL,
  revoked_at    BIGINT  NOT NULL,
  PRIMARY KEY (did, credential_id)
);
