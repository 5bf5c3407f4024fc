// Renders ORC rows as Apache's orc-contents prints them, and reads its output losslessly (64-bit numbers stay exact).
import type { CellValue } from '../../formats/glue/index.js';
import { TypeKind, type Type } from '../../formats/orc/orcProto.js';
import { decimalScale } from '../../formats/orc/readOrc.js';

export type Plain = null | boolean | string | Plain[] | { [key: string]: Plain };

/** Parses JSON keeping every number as its text (prefixed with '#'), so 64-bit values stay exact. */
export function parseLossless(text: string): Plain {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  const value = (): Plain => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; const out: { [key: string]: Plain } = {}; ws();
      if (text[i] === '}') { i++; return out; }
      for (;;) { ws(); const k = value() as string; ws(); i++; out[k] = value(); ws(); if (text[i++] === '}') return out; }
    }
    if (c === '[') {
      i++; const out: Plain[] = []; ws();
      if (text[i] === ']') { i++; return out; }
      for (;;) { out.push(value()); ws(); if (text[i++] === ']') return out; }
    }
    if (c === '"') {
      const start = i; i++;
      while (text[i] !== '"') { if (text[i] === '\\') i++; i++; }
      i++; return JSON.parse(text.slice(start, i)) as string;
    }
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    const m = /^-?[0-9.eE+-]+/.exec(text.slice(i, i + 400))!;
    i += m[0].length; return '#' + m[0];
  };
  return value();
}

function formatNanos(ns: bigint, withTime: boolean): string {
  const day = 86_400_000_000_000n;
  let days = ns / day; let rest = ns % day;
  if (rest < 0n) { rest += day; days -= 1n; }
  const d = new Date(0); d.setUTCDate(1 + Number(days));
  const y = d.getUTCFullYear();
  const date = `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  if (!withTime) return date;
  const secs = Number(rest / 1_000_000_000n); const nanos = rest % 1_000_000_000n;
  const hh = String(Math.floor(secs / 3600)).padStart(2, '0'); const mm = String(Math.floor(secs / 60) % 60).padStart(2, '0'); const ss = String(secs % 60).padStart(2, '0');
  let frac = nanos.toString().padStart(9, '0').replace(/0+$/, ''); if (frac === '') frac = '0';
  return `${date} ${hh}:${mm}:${ss}.${frac}`;
}

function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n; const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (negative ? '-' : '') + text;
}

/** Normalises a number text for comparison by column type. */
export function normaliseNumber(text: string, kind: number): string {
  // orc-contents prints floats with 7 significant digits.
  if (kind === TypeKind.FLOAT) return String(Number(Number(text).toPrecision(7)));
  if (kind === TypeKind.DOUBLE) return String(Number(text));
  if (kind === TypeKind.DECIMAL) { let t = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text; if (t === '-0') t = '0'; return t; }
  return BigInt(text).toString();
}

/** Renders a cell as orc-contents prints it, numbers as '#text' normalised by type. */
export function render(value: CellValue, types: readonly Type[], id: number): Plain {
  if (value === null) return null;
  const type = types[id]!;
  const kind = type.kind!;
  const sub = type.subtypes ?? [];
  switch (kind) {
    case TypeKind.BOOLEAN: return value as boolean;
    case TypeKind.STRING: case TypeKind.VARCHAR: case TypeKind.CHAR: return value as string;
    case TypeKind.BINARY: return [...(value as Uint8Array)].map((b) => '#' + b);
    case TypeKind.DATE: return formatNanos(BigInt(value as number) * 86_400_000_000_000n, false);
    case TypeKind.TIMESTAMP: case TypeKind.TIMESTAMP_INSTANT: return formatNanos(value as bigint, true);
    case TypeKind.DECIMAL: return '#' + normaliseNumber(decimalText(value as bigint, decimalScale(type)), kind);
    case TypeKind.FLOAT: case TypeKind.DOUBLE: return '#' + normaliseNumber(String(value), kind);
    case TypeKind.BYTE: case TypeKind.SHORT: case TypeKind.INT: case TypeKind.LONG: return '#' + String(value);
    case TypeKind.LIST: return (value as CellValue[]).map((v) => render(v, types, sub[0]!));
    case TypeKind.MAP: return [...(value as Map<CellValue, CellValue>)].map(([k, v]) => ({ key: render(k, types, sub[0]!), value: render(v, types, sub[1]!) }));
    case TypeKind.UNION: { const u = value as { tag: number; value: CellValue }; return { tag: '#' + u.tag, value: render(u.value, types, sub[u.tag]!) }; }
    case TypeKind.STRUCT: {
      const out: { [key: string]: Plain } = {};
      (type.fieldNames ?? []).forEach((name, i) => { out[name] = render((value as Record<string, CellValue>)[name] ?? null, types, sub[i]!); });
      return out;
    }
  }
  throw new Error('kind ' + kind);
}

/** Normalises a parsed expected value by type (number texts → '#normalised'). */
export function normaliseExpected(value: Plain, types: readonly Type[], id: number): Plain {
  if (value === null) return null;
  const type = types[id]!; const kind = type.kind!; const sub = type.subtypes ?? [];
  if (typeof value === 'string' && value.startsWith('#') && kind !== TypeKind.STRING && kind !== TypeKind.VARCHAR && kind !== TypeKind.CHAR) return '#' + normaliseNumber(value.slice(1), kind);
  switch (kind) {
    case TypeKind.LIST: return (value as Plain[]).map((v) => normaliseExpected(v, types, sub[0]!));
    case TypeKind.MAP: return (value as { key: Plain; value: Plain }[]).map((e) => ({ key: normaliseExpected(e.key, types, sub[0]!), value: normaliseExpected(e.value, types, sub[1]!) }));
    case TypeKind.UNION: { const u = value as { tag: string; value: Plain }; return { tag: u.tag, value: normaliseExpected(u.value, types, sub[Number(u.tag.slice(1))]!) }; }
    case TypeKind.STRUCT: {
      const out: { [key: string]: Plain } = {};
      (type.fieldNames ?? []).forEach((name, i) => { out[name] = normaliseExpected((value as Record<string, Plain>)[name] ?? null, types, sub[i]!); });
      return out;
    }
  }
  return value;
}
