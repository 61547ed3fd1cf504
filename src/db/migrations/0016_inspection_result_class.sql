-- 行政检查结果 (ADMIN_INSPECTION) gained its result class: field JC_JGLB (dictionary INSPECTION_RESULT,
-- which the start-up catalogue sync adds) stored as the record's kinds, which the evaluation reads.
-- The bundled catalogue has it from this release on; databases created before get it here, after
-- JC_SX as in the bundled file. An optional field: every record stored before stays valid.
UPDATE catalogue_items c
SET roles = c.roles || '{"kinds": "JC_JGLB"}',
  fields = (
    SELECT jsonb_agg(x.f ORDER BY x.pos)
    FROM (
      SELECT e.f, e.ord::numeric AS pos FROM jsonb_array_elements(c.fields) WITH ORDINALITY AS e(f, ord)
      UNION ALL
      SELECT '{"code": "JC_JGLB", "label": "检查结果类别", "type": "enum", "dictionary": "INSPECTION_RESULT",
          "required": false}'::jsonb,
        COALESCE((SELECT e.ord FROM jsonb_array_elements(c.fields) WITH ORDINALITY AS e(f, ord)
          WHERE e.f ->> 'code' = 'JC_SX'), jsonb_array_length(c.fields)) + 0.5
    ) x
  )
WHERE c.code = 'ADMIN_INSPECTION' AND NOT c.fields @> '[{"code": "JC_JGLB"}]';
