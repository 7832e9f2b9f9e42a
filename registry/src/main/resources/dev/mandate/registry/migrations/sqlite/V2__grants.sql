-- Just-in-time grant tasks: a completed task revokes its credentials and accepts no new grant.
CREATE TABLE grant_task (
  id           TEXT    PRIMARY KEY,
  state        TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  completed_at INTEGER
);

-- Issued grants (task-scoped capability credentials).
CREATE TABLE grant_credential (
  credential_id TEXT    PRIMARY KEY,
  task_id       TEXT    NOT NULL REFERENCES grant_task (id),
  agent         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  resource      TEXT    NOT NULL,
  single_use    INTEGER NOT NULL,
  valid_until   INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX grant_credential_task ON grant_credential (task_id);

-- Uses of credentials, for single-use grants: the first insert wins.
CREATE TABLE credential_use (
  credential_id TEXT    PRIMARY KEY,
  uses          INTEGER NOT NULL,
  first_used_at INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL
);
