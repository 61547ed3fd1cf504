import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/db.ts';
import { PUBLIC_VIEWER } from '../identity/viewer.ts';
import { ARCHIVE_CATEGORIES, ArchiveRegistry } from './archive.ts';
import type { SubjectRow } from './repository.ts';

const noDb: Queryable = { query: async () => [], copyFrom: async () => {} };
const subject = { id: 1, type: 'ENTERPRISE' } as SubjectRow;
const columns = [{ key: 'v', title: 'V' }];

describe('ArchiveRegistry', () => {
  it('groups sections under their catalogue category, keeping all 13 categories in order', async () => {
    const registry = new ArchiveRegistry();
    registry.register({
      key: 'a',
      category: 'JUDICIAL',
      title: 'A',
      columns,
      load: async () => ({ rows: [{ v: 1 }], total: 1 }),
    });
    registry.register({
      key: 'b',
      category: 'JUDICIAL',
      title: 'B',
      columns,
      load: async () => ({ rows: [], total: 0 }),
    });
    const categories = await registry.build(noDb, subject, PUBLIC_VIEWER, '2026-06-01');
    expect(categories.map((c) => c.code)).toEqual(ARCHIVE_CATEGORIES.map((c) => c.code));
    expect(categories[1].sections.map((s) => s.key)).toEqual(['a', 'b']);
    expect(categories[1].sections[0].rows).toEqual([{ v: 1 }]);
    expect(categories[0].sections).toEqual([]);
  });

  it('skips sections that do not apply to the subject type', async () => {
    const registry = new ArchiveRegistry();
    registry.register({
      key: 'people-only',
      category: 'QUALIFICATION',
      title: 'Q',
      columns,
      appliesTo: (s) => s.type === 'INDIVIDUAL',
      load: async () => ({ rows: [{ v: 1 }], total: 1 }),
    });
    const categories = await registry.build(noDb, subject, PUBLIC_VIEWER, '2026-06-01');
    expect(categories.find((c) => c.code === 'QUALIFICATION')!.sections).toEqual([]);
  });

  it('refuses a section key registered twice', () => {
    const registry = new ArchiveRegistry();
    const section = {
      key: 'x',
      category: 'HONOUR' as const,
      title: 'X',
      columns,
      load: async () => ({ rows: [], total: 0 }),
    };
    registry.register(section);
    expect(() => registry.register(section)).toThrow(/registered twice/);
  });
});
