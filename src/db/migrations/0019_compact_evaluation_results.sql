-- Explanations are stored compact (src/modules/evaluation/stored-result.ts): indicator points in
-- model order, evidence by indicator code (only indicators with some), and the reasons. Codes, names
-- and maxima are read from the model version the result names, which never changes.
UPDATE subject_evaluations
SET result = json_build_object(
  'points', coalesce((
    SELECT json_agg(
      (SELECT coalesce(json_agg((ind ->> 'points')::int ORDER BY n), '[]'::json)
       FROM json_array_elements(dim -> 'indicators') WITH ORDINALITY AS i(ind, n))
      ORDER BY dn)
    FROM json_array_elements(result -> 'dimensions') WITH ORDINALITY AS d(dim, dn)), '[]'::json),
  'evidence', coalesce((
    SELECT json_object_agg(ind ->> 'code', ind -> 'evidence')
    FROM json_array_elements(result -> 'dimensions') AS d(dim),
      json_array_elements(dim -> 'indicators') AS i(ind)
    WHERE json_array_length(ind -> 'evidence') > 0), '{}'::json),
  'reasons', result -> 'reasons')
WHERE result -> 'dimensions' IS NOT NULL;
