-- The expiry job logged `list.expired` under the entry's next version but left the row at the old one
-- (every other step makes a new version). The audit now rebuilds list entries from their rows and
-- would find that logged version missing: entries expired before this release get the version their
-- log entry names.
UPDATE list_entries e SET version = e.version + 1
WHERE e.source = 'DECIDED' AND e.status = 'EXPIRED'
  AND (EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.object_type = 'list_entry' AND l.object_id = e.public_id
          AND l.entry_type = 'list.expired' AND l.version = e.version + 1)
    OR EXISTS (SELECT 1 FROM ledger_queue l WHERE l.object_type = 'list_entry' AND l.object_id = e.public_id
          AND l.entry_type = 'list.expired' AND l.version = e.version + 1));
