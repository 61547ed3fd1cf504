/**
 * Parameters collected while SQL is composed, so placeholders never drift out of step:
 * `where.push(\`s.type = ${p.add(type)}\`)` and then `q.query(sql, p.values)`.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE wildcards in user text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
