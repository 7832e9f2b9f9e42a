-- The audit log's Merkle tree, kept as it grows: the hash of every complete subtree of 2^level leaves
-- (level >= 1; level 0 is audit_entry.leaf_hash), written in the appending transaction. A tree head or
-- an inclusion or consistency proof then reads O(log n) rows instead of every leaf. Derived data:
-- 'mandate audit verify' recomputes everything from the entries and the signed heads.
CREATE TABLE audit_node (
  level INTEGER NOT NULL,
  idx   BIGINT  NOT NULL,
  hash  TEXT    NOT NULL,
  PRIMARY KEY (level, idx)
);
