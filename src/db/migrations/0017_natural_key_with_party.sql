-- Court and dishonesty items name several parties under one case number (co-defendants, a company
-- and its legal representative): each party's record is its own. For those items the natural key
-- takes the party too (credit_records.party_key: 'U:' + USCC or 'P:' + the identity number's keyed
-- lookup hash, as intake computes it); for every other item party_key stays '' and the key is the
-- (authority, decision number) of DOMAIN §4.
ALTER TABLE catalogue_items ADD COLUMN key_includes_party boolean NOT NULL DEFAULT false;
UPDATE catalogue_items SET key_includes_party = true
WHERE code IN ('JUD_JUDGMENT', 'JUD_ENFORCEMENT', 'JUD_CONSUMPTION_BAN', 'SD_DISHONEST_DEBTOR', 'SD_TAX');

ALTER TABLE credit_records ADD COLUMN party_key text NOT NULL DEFAULT '';
-- Records stored before: their party is their subject (intake registers the subject from the same fields).
UPDATE credit_records r
SET party_key = CASE WHEN s.uscc IS NOT NULL THEN 'U:' || s.uscc ELSE 'P:' || encode(s.id_number_hash, 'hex') END
FROM subjects s
WHERE s.id = r.subject_id
  AND r.item_code IN (SELECT code FROM catalogue_items WHERE key_includes_party);

ALTER TABLE credit_records DROP CONSTRAINT credit_records_item_code_authority_code_decision_no_key;
ALTER TABLE credit_records ADD CONSTRAINT credit_records_natural_key
  UNIQUE (item_code, authority_code, decision_no, party_key);
