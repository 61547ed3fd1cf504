import { beforeAll, describe, expect, it } from 'vitest';
import { regionByCode } from '../modules/identifiers/regions.ts';
import { ricCheckChar, validateRic } from '../modules/identifiers/ric.ts';
import { orgCodeCheckChar, USCC_ALPHABET, usccCheckChar, validateUscc } from '../modules/identifiers/uscc.ts';
import {
  cnNumber,
  fastOrgCodeCheck,
  fastRicCheck,
  fastUsccCheck,
  type GeneratedRelation,
  type GeneratedSubject,
  generateDemoData,
  LATEST_DATE,
  permute,
} from './generator.ts';

function collect(opts: { subjects: number; seed: number; batchSize?: number }) {
  const subjects: GeneratedSubject[] = [];
  const relations: GeneratedRelation[] = [];
  const batchSizes: number[] = [];
  for (const batch of generateDemoData(opts)) {
    batchSizes.push(batch.subjects.length);
    subjects.push(...batch.subjects);
    relations.push(...batch.relations);
  }
  return { subjects, relations, batchSizes };
}

describe('generateDemoData: determinism and counts', () => {
  it('gives identical output for identical options, and a different one for another seed', () => {
    const a = collect({ subjects: 3000, seed: 7 });
    const b = collect({ subjects: 3000, seed: 7 });
    expect(b).toEqual(a);
    const c = collect({ subjects: 3000, seed: 8 });
    expect(c.subjects.map((s) => s.key)).not.toEqual(a.subjects.map((s) => s.key));
    expect(c.subjects.map((s) => s.name)).not.toEqual(a.subjects.map((s) => s.name));
  });

  it('does not depend on the batch size', () => {
    const a = collect({ subjects: 2500, seed: 11, batchSize: 1000 });
    const b = collect({ subjects: 2500, seed: 11, batchSize: 7 });
    expect(b.subjects).toEqual(a.subjects);
    expect(b.relations).toEqual(a.relations);
  });

  it('yields exactly the requested number of subjects in batches of batchSize', () => {
    expect(collect({ subjects: 0, seed: 1 }).batchSizes).toEqual([]);
    expect(collect({ subjects: 1, seed: 1 }).batchSizes).toEqual([1]);
    expect(collect({ subjects: 2500, seed: 1 }).batchSizes).toEqual([1000, 1000, 500]);
    expect(collect({ subjects: 10, seed: 1, batchSize: 3 }).batchSizes).toEqual([3, 3, 3, 1]);
    expect(() => collect({ subjects: -1, seed: 1 })).toThrow(RangeError);
    expect(() => collect({ subjects: 5, seed: 1, batchSize: 0 })).toThrow(RangeError);
  });

  it('starts with an individual so that the first organisation has someone to point at', () => {
    const { subjects, relations } = collect({ subjects: 50, seed: 3 });
    expect(subjects[0].type).toBe('INDIVIDUAL');
    const keys = new Set(subjects.map((s) => s.key));
    for (const r of relations) expect(keys.has(r.personKey)).toBe(true);
  });

  it("gives each relation its ends' positions in the stream, the person's never after the organisation's", () => {
    const { subjects, relations } = collect({ subjects: 3000, seed: 5, batchSize: 700 });
    expect(relations.length).toBeGreaterThan(500);
    for (const r of relations) {
      expect(subjects[r.org].key).toBe(r.orgKey);
      expect(subjects[r.person].key).toBe(r.personKey);
      expect(subjects[r.person].type).toBe('INDIVIDUAL');
      expect(r.person).toBeLessThan(r.org);
    }
  });
});

describe('generateDemoData: 100,000 subjects', () => {
  const N = 100_000;
  let subjects: GeneratedSubject[] = [];
  let relations: GeneratedRelation[] = [];
  let orgs: GeneratedSubject[] = [];
  let companies: GeneratedSubject[] = [];
  const relationsByOrg = new Map<string, GeneratedRelation[]>();
  beforeAll(() => {
    ({ subjects, relations } = collect({ subjects: N, seed: 2026, batchSize: 4096 }));
    orgs = subjects.filter((s) => s.type !== 'INDIVIDUAL');
    companies = subjects.filter((s) => s.subType === 'COMPANY');
    for (const r of relations) {
      const list = relationsByOrg.get(r.orgKey) ?? [];
      list.push(r);
      relationsByOrg.set(r.orgKey, list);
    }
  }, 120_000);

  it('has the requested type mix', () => {
    const share = (pred: (s: GeneratedSubject) => boolean) => subjects.filter(pred).length / N;
    const close = (actual: number, expected: number) =>
      expect(Math.abs(actual - expected)).toBeLessThan(0.01);
    close(
      share((s) => s.type === 'INDIVIDUAL'),
      0.33,
    );
    close(
      share((s) => s.subType === 'COMPANY'),
      0.4,
    );
    close(
      share((s) => s.subType === 'SOLE_TRADER'),
      0.12,
    );
    close(
      share((s) => s.subType === 'FARMER_COOPERATIVE'),
      0.03,
    );
    close(
      share((s) => s.type === 'GOVERNMENT'),
      0.03,
    );
    close(
      share((s) => s.type === 'INSTITUTION'),
      0.05,
    );
    close(
      share((s) => s.type === 'SOCIAL_ORG'),
      0.04,
    );
    const types = new Set(subjects.map((s) => `${s.type}/${s.subType}`));
    expect([...types].sort()).toEqual(
      [
        'ENTERPRISE/COMPANY',
        'ENTERPRISE/FARMER_COOPERATIVE',
        'ENTERPRISE/SOLE_TRADER',
        'GOVERNMENT/AGENCY',
        'INDIVIDUAL/RESIDENT',
        'INSTITUTION/PUBLIC_INSTITUTION',
        'SOCIAL_ORG/FOUNDATION',
        'SOCIAL_ORG/PRIVATE_NON_ENTERPRISE',
        'SOCIAL_ORG/SOCIAL_GROUP',
      ].sort(),
    );
  });

  /** Collects rule violations; one `expect` at the end keeps 100,000-row loops fast. */
  function violations(check: (bad: (msg: string) => void) => void): string[] {
    const out: string[] = [];
    check((msg) => {
      if (out.length < 10) out.push(msg);
    });
    return out;
  }

  it('gives every organisation a valid USCC that implies its type and region', () => {
    let orgCodeWarnings = 0;
    const bad = violations((fail) => {
      for (const s of orgs) {
        if (s.identityNumber !== null) fail(`${s.key}: organisation with identity number`);
        const v = validateUscc(s.uscc!);
        if (!v.valid || v.subjectType !== s.type || v.subType !== s.subType) {
          fail(`${s.name} ${s.uscc}: ${JSON.stringify(v.errors)} ${v.subjectType}/${v.subType}`);
        }
        if (v.warnings.some((w) => w.code === 'ORG_CODE_CHECKSUM')) orgCodeWarnings++;
        if (v.warnings.some((w) => w.code !== 'ORG_CODE_CHECKSUM'))
          fail(`${s.uscc}: ${JSON.stringify(v.warnings)}`);
        // Region part: the registering authority's region — the subject's county, its city or the province.
        const part = s.uscc!.slice(2, 8);
        if (part !== s.regionCode && part !== `${s.regionCode.slice(0, 4)}00` && part !== '220000') {
          fail(`${s.uscc}: region part vs ${s.regionCode}`);
        }
      }
    });
    expect(bad).toEqual([]);
    const wrongShare = orgCodeWarnings / orgs.length;
    expect(wrongShare).toBeGreaterThan(0.01);
    expect(wrongShare).toBeLessThan(0.03);
  }, 60_000);

  it('gives every individual a valid identity number located in Jilin', () => {
    const today = new Date('2026-11-02T00:00:00Z');
    const bad = violations((fail) => {
      for (const s of subjects) {
        if (s.type !== 'INDIVIDUAL') continue;
        if (s.uscc !== null) fail(`${s.key}: individual with USCC`);
        const v = validateRic(s.identityNumber!, { today });
        if (!v.valid) fail(`${s.identityNumber}: ${JSON.stringify(v.errors)}`);
        if (v.regionCode !== s.regionCode) fail(`${s.identityNumber}: region vs ${s.regionCode}`);
        if (regionByCode(v.regionCode!)?.level !== 'COUNTY') fail(`${s.identityNumber}: not a county`);
        if (!(v.birthDate! >= '1950-01-01' && v.birthDate! <= '2006-12-31'))
          fail(`${s.identityNumber}: birth date`);
      }
    });
    expect(bad).toEqual([]);
  }, 60_000);

  it('keeps keys, codes, identity numbers and organisation names unique', () => {
    const unique = (values: (string | null)[]) => expect(new Set(values).size).toBe(values.length);
    expect(subjects.filter((s) => !/^S[0-9a-f]{15}$/.test(s.key))).toEqual([]);
    unique(subjects.map((s) => s.key));
    unique(orgs.map((s) => s.uscc));
    unique(subjects.filter((s) => s.type === 'INDIVIDUAL').map((s) => s.identityNumber));
    unique(orgs.map((s) => s.name));
  });

  it('places every subject in a Jilin county, with 长春 the most populous city', () => {
    const byCity = new Map<string, number>();
    const bad = violations((fail) => {
      for (const s of subjects) {
        const r = regionByCode(s.regionCode);
        if (r?.level !== 'COUNTY') fail(`${s.key}: region ${s.regionCode}`);
        else byCity.set(r.parent!, (byCity.get(r.parent!) ?? 0) + 1);
      }
    });
    expect(bad).toEqual([]);
    const ranked = [...byCity].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(ranked.slice(0, 2)).toEqual(['220100', '220200']);
    expect(ranked).toHaveLength(9);
  });

  it('links every organisation to a current legal representative or principal who is an earlier individual', () => {
    const individuals = new Map<string, { name: string; index: number }>();
    const bad = violations((fail) => {
      for (const [index, s] of subjects.entries()) {
        if (s.type === 'INDIVIDUAL') {
          individuals.set(s.key, { name: s.name, index });
          continue;
        }
        const rels = relationsByOrg.get(s.key) ?? [];
        const headRole =
          s.type === 'GOVERNMENT' || s.type === 'INSTITUTION' ? 'PRINCIPAL' : 'LEGAL_REPRESENTATIVE';
        const current = rels.filter((r) => r.role === headRole && r.until === null);
        const person = current.length === 1 ? individuals.get(current[0].personKey) : undefined;
        if (person === undefined || person.index >= index) {
          fail(`${s.name}: ${current.length} current ${headRole}, or not an earlier individual`);
          continue;
        }
        if (s.legalRepresentative !== person.name)
          fail(`${s.name}: ${s.legalRepresentative} vs ${person.name}`);
        for (const r of rels) {
          if (!individuals.has(r.personKey)) fail(`${s.name}: ${r.role} is not an earlier individual`);
          if (!(r.since >= s.establishedOn!))
            fail(`${s.name}: ${r.role} since ${r.since} < ${s.establishedOn}`);
          if (r.until !== null && !(r.until > r.since)) fail(`${s.name}: ${r.role} ${r.since}..${r.until}`);
        }
      }
      for (const r of relations) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(r.since) || r.since > LATEST_DATE) fail(`since ${r.since}`);
        if (r.until !== null && r.until > LATEST_DATE) fail(`until ${r.until}`);
      }
    });
    expect(bad).toEqual([]);
    // Some history, and individuals holding several roles.
    expect(relations.filter((r) => r.until !== null).length).toBeGreaterThan(relations.length * 0.02);
    const roles = new Map<string, number>();
    for (const r of relations) roles.set(r.personKey, (roles.get(r.personKey) ?? 0) + 1);
    expect([...roles.values()].some((n) => n >= 3)).toBe(true);
  }, 60_000);

  it('gives ~30% of (non-branch) companies shareholders or directors', () => {
    const candidates = companies.filter((s) => !s.name.endsWith('分公司'));
    const withOwners = candidates.filter((s) =>
      (relationsByOrg.get(s.key) ?? []).some((r) => r.role === 'SHAREHOLDER' || r.role === 'DIRECTOR'),
    );
    const share = withOwners.length / candidates.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(companies.some((s) => s.name.endsWith('分公司'))).toBe(true);
  });

  it('prints registered capital as exact decimal strings, for enterprises only', () => {
    const bad = violations((fail) => {
      for (const s of subjects) {
        if (s.type === 'ENTERPRISE' && !s.name.endsWith('分公司')) {
          if (!/^\d+(\.\d{1,4})?$/.test(s.registeredCapital ?? '') || /\.\d*0$/.test(s.registeredCapital!)) {
            fail(`${s.name}: capital ${s.registeredCapital}`);
          }
          if (!s.industry) fail(`${s.name}: no industry`);
        } else if (s.type !== 'ENTERPRISE' && (s.registeredCapital !== null || s.industry !== null)) {
          fail(`${s.name}: capital/industry on a non-enterprise`);
        }
      }
    });
    expect(bad).toEqual([]);
    expect(subjects.some((s) => /\.\d{4}$/.test(s.registeredCapital ?? ''))).toBe(true);
  });

  it('fills dates, status, contact data and former names plausibly', () => {
    const DATE = /^\d{4}-\d{2}-\d{2}$/;
    const AUTHORITY = /(市场监督管理局|市场监督管理厅|委编办|民政局|民政厅)$/;
    const bad = violations((fail) => {
      for (const s of subjects) {
        if (!/^(1[3-9]\d{9}|0\d{3}-\d{7,8})$/.test(s.phone ?? '')) fail(`${s.name}: phone ${s.phone}`);
        if (!s.address?.startsWith('吉林省') || !s.address.includes(regionByCode(s.regionCode)!.name)) {
          fail(`${s.name}: address ${s.address} vs ${s.regionCode}`);
        }
        if (s.type === 'INDIVIDUAL') {
          if (s.establishedOn !== null || s.registrationAuthority !== null || s.status !== 'ACTIVE') {
            fail(`${s.name}: individual with organisation fields`);
          }
          if (!/^\p{Script=Han}{2,4}$/u.test(s.name)) fail(`person name ${s.name}`);
        } else {
          const d = s.establishedOn ?? '';
          if (!DATE.test(d) || d < '1950-01-01' || d > LATEST_DATE) fail(`${s.name}: established ${d}`);
          if (!AUTHORITY.test(s.registrationAuthority ?? '')) fail(`${s.name}: ${s.registrationAuthority}`);
          if (s.formerNames.includes(s.name)) fail(`${s.name}: former name = name`);
        }
      }
    });
    expect(bad).toEqual([]);
    const enterprises = subjects.filter((s) => s.type === 'ENTERPRISE');
    const inactive = enterprises.filter((s) => s.status !== 'ACTIVE').length / enterprises.length;
    expect(inactive).toBeGreaterThan(0.02);
    expect(inactive).toBeLessThan(0.12);
    const renamed = orgs.filter((s) => s.formerNames.length > 0).length / orgs.length;
    expect(renamed).toBeGreaterThan(0.02);
    expect(renamed).toBeLessThan(0.1);
    const recent = orgs.filter((s) => s.establishedOn! >= '2010-01-01').length / orgs.length;
    expect(recent).toBeGreaterThan(0.5);
  });

  it('uses region-appropriate names and authorities', () => {
    const bad = violations((fail) => {
      for (const s of subjects) {
        if (s.type === 'GOVERNMENT' && !s.registrationAuthority!.endsWith('委编办'))
          fail(`${s.name}: authority`);
        if (s.subType === 'SOLE_TRADER') {
          if (!s.name.startsWith(regionByCode(s.regionCode)!.name.slice(0, 2)))
            fail(`${s.name} vs ${s.regionCode}`);
          if (s.uscc!.slice(2, 8) !== s.regionCode) fail(`${s.name}: ${s.uscc}`);
        }
        if (s.subType === 'FARMER_COOPERATIVE' && !s.name.endsWith('专业合作社')) fail(s.name);
        if (s.subType === 'COMPANY' && !/(公司|（有限合伙）)$/.test(s.name)) fail(s.name);
      }
    });
    expect(bad).toEqual([]);
    expect(subjects.some((s) => s.registrationAuthority === '吉林省民政厅')).toBe(true);
    expect(subjects.some((s) => s.name === '长春市市场监督管理局')).toBe(true);
  });
});

describe('building blocks', () => {
  it('computes the same check characters as the identifier module', () => {
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x;
    };
    for (let i = 0; i < 2000; i++) {
      let code = '';
      for (let k = 0; k < 17; k++) code += USCC_ALPHABET[next() % 31];
      expect(fastUsccCheck(code)).toBe(usccCheckChar(code));
      expect(fastOrgCodeCheck(code.slice(0, 8))).toBe(orgCodeCheckChar(code.slice(0, 8)));
      let digits = '';
      for (let k = 0; k < 17; k++) digits += String(next() % 10);
      expect(fastRicCheck(digits)).toBe(ricCheckChar(digits));
    }
  });

  it('permute is a bijection', () => {
    for (const size of [1, 2, 7, 100, 1000, 4099]) {
      const seen = new Set<number>();
      for (let i = 0; i < size; i++) {
        const y = permute(i, size, 0xdeadbeef ^ size);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThan(size);
        seen.add(y);
      }
      expect(seen.size).toBe(size);
    }
  });

  it('writes school numbers the Changchun way', () => {
    expect(cnNumber(5)).toBe('五');
    expect(cnNumber(10)).toBe('十');
    expect(cnNumber(17)).toBe('十七');
    expect(cnNumber(52)).toBe('五十二');
    expect(cnNumber(108)).toBe('一〇八');
  });

  it('generates 200,000 subjects quickly (rate logged)', () => {
    const start = performance.now();
    let n = 0;
    for (const batch of generateDemoData({ subjects: 200_000, seed: 99 })) n += batch.subjects.length;
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `generateDemoData: ${n} subjects in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} subjects/s`,
    );
    expect(n).toBe(200_000);
  }, 120_000);
});
