// RFC 8785 JSON Canonicalization Scheme (JCS), restricted to what our signed content needs.
//
// - Numbers: only safe integers (|n| ≤ 2^53−1). Non-integers and non-finite numbers are rejected:
//   amounts travel as decimal strings, so no value depends on §3.2.2.3's double formatting.
// - Strings: §3.2.2.2 (= ECMAScript JSON.stringify); lone surrogates are rejected (I-JSON, §3.1).
// - Objects: plain objects only (no Date, Map, class instances); members sorted by UTF-16 code units
//   (§3.2.3). A member whose value is `undefined` is SKIPPED, exactly as JSON.stringify does, so an
//   object and its JSON round trip canonicalize identically. `undefined` elsewhere is rejected.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalJson(value: unknown): string {
  return serialize(value, '$', new Set());
}

/** The UTF-8 bytes of the canonical form (§3.2.4): what gets hashed and signed. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function fail(path: string, why: string): never {
  throw new Error(`JCS 规范化失败：${path} ${why}`);
}

function string(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) fail(path, '含有孤立的 UTF-16 代理项（不是有效的 Unicode）');
  return JSON.stringify(s);
}

function serialize(v: unknown, path: string, stack: Set<object>): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return string(v, path);
    case 'number':
      if (!Number.isSafeInteger(v)) fail(path, `的数值 ${v} 不是安全整数（小数请用十进制字符串表示）`);
      return JSON.stringify(v); // -0 → "0"
    case 'object':
      break;
    default:
      fail(path, `的类型 ${typeof v} 不能表示为 JSON`);
  }
  const obj = v as object;
  if (stack.has(obj)) fail(path, '存在循环引用');
  stack.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    const items: string[] = [];
    for (let i = 0; i < obj.length; i++) {
      if (obj[i] === undefined) fail(`${path}[${i}]`, '是 undefined');
      items.push(serialize(obj[i], `${path}[${i}]`, stack));
    }
    out = `[${items.join(',')}]`;
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null)
      fail(path, `是 ${proto?.constructor?.name ?? '非普通'} 对象，只接受普通对象（日期请先转为字符串）`);
    const rec = obj as Record<string, unknown>;
    // Default sort compares UTF-16 code units, as §3.2.3 requires.
    const keys = Object.keys(rec)
      .filter((k) => rec[k] !== undefined)
      .sort();
    out = `{${keys.map((k) => `${string(k, path)}:${serialize(rec[k], `${path}.${k}`, stack)}`).join(',')}}`;
  }
  stack.delete(obj);
  return out;
}
