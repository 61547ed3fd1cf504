-- Subject search: the pinyin-initial lexemes become bigrams of the initials (p:cc, p:cy, p:yq for
-- 长春一汽) instead of every suffix (p:ccyq, p:cyq, p:yq), as search-terms.ts now builds them; a
-- query's initials are rechecked against subjects.pinyin_initials. The Chinese bigrams stay as they
-- are. The index is built once after the rewrite rather than updated row by row.
DROP INDEX subjects_search_idx;
UPDATE subjects
SET search_terms = array_to_tsvector(
  ARRAY(SELECT lexeme FROM unnest(search_terms) WHERE lexeme NOT LIKE 'p:%')
  || ARRAY(SELECT 'p:' || substr(pinyin_initials, i, 2) FROM generate_series(1, length(pinyin_initials) - 1) AS i))
WHERE length(pinyin_initials) >= 2;
CREATE INDEX subjects_search_idx ON subjects USING gin (search_terms);
