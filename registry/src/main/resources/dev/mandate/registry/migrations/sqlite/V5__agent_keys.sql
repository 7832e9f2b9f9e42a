-- Keys and DIDs of registered agents, and the credential content needed to re-issue on key rotation.

-- Every DID of an agent (its registry DID included), so a lookup by any of them finds the agent.
CREATE TABLE agent_did (
  did       TEXT    PRIMARY KEY,
  agent     TEXT    NOT NULL,
  added_at  BIGINT  NOT NULL,
  added_by  TEXT    NOT NULL,
  reason    TEXT    NOT NULL
);
CREATE INDEX agent_did_agent ON agent_did (agent);
INSERT INTO agent_did (did, agent, added_at, added_by, reason) SELECT did, did, created_at, 'registration', 'registered' FROM agent;

-- Verification methods of an agent's DIDs. id is the method's DID URL; state is active or retired.
-- A public key is listed at most once per DID (a retired key is never re-added).
CREATE TABLE agent_key (
  id                   TEXT    PRIMARY KEY,
  agent                TEXT    NOT NULL,
  did                  TEXT    NOT NULL,
  public_key_multibase TEXT    NOT NULL,
  state                TEXT    NOT NULL,
  added_at             BIGINT  NOT NULL,
  added_by             TEXT    NOT NULL,
  added_reason         TEXT    NOT NULL,
  retired_at           BIGINT  NOT NULL,
  retired_by           TEXT    NOT NULL,
  retired_reason       TEXT    NOT NULL
);
CREATE INDEX agent_key_agent ON agent_key (agent);
CREATE UNIQUE INDEX agent_key_did_public_key ON agent_key (did, public_key_multibase);

-- subject: the credentialSubject.id; content: the signed credential JSON ("" when only the id was recorded);
-- replaced_by: the id of the credential re-issued in its place by a key rotation ("" for none).
ALTER TABLE agent_credential ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_credential ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_credential ADD COLUMN replaced_by TEXT NOT NULL DEFAULT '';
