-- The signed A2A Agent Card each registered agent publishes (docs/a2a.md): one per agent, replaced when it is
-- published again. The card is stored as published (its signatures verified before it is stored) and served by
-- GET /agents/{did}/card while the agent is active.
CREATE TABLE agent_card (
  agent        TEXT    PRIMARY KEY,
  card         TEXT    NOT NULL,
  published_at BIGINT  NOT NULL,
  published_by TEXT    NOT NULL
);
