/**
 * Key styles of normalizeRecord: `snake_case` and `camelCase` keys that are safe as Glue/Hive column
 * names. Both styles are idempotent: converting a converted key gives it back unchanged.
 *
 * A key is read as words: letters and digits, split at any other character, at a lower-case letter or
 * digit followed by a capital (`userId` → user, Id), and before the last capital of an acronym
 * (`HTTPStatus` → HTTP, Status). Accented letters lose their accents (é → e); other non-ASCII letters
 * become `u` and their hex code point (名 → u540d), so different keys stay different.
 * - snake_case: lower-case words joined by `_`, only `[a-z0-9_]`.
 * - camelCase: the first word lower-case, the next ones capitalised (except right after a capital: one-
 *   letter words would otherwise pile up into an acronym), only `[A-Za-z0-9_]`.
 * A key that starts with `_` keeps one leading `_` (`_id` stays `_id`); a key that would start with a
 * digit gets one (`1st` → `_1st`); a key without any letter or digit becomes `_`; keys are cut to 255
 * characters (Glue's limit for column names).
 */

export type KeyStyle = 'snake_case' | 'camelCase' | 'unchanged';

export const MAX_KEY_LENGTH = 255;

/** Letters that do not decompose into an ASCII letter plus marks under NFD. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'TH', ð: 'd', Ð: 'D', ı: 'i',
};

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The key as ASCII: accents dropped, other non-ASCII letters spelled `u<hex>` as words of their own. */
function asciiFold(key: string): string {
  // Fast path: most keys are ASCII already.
  let ascii = true;
  for (let index = 0; index < key.length; index++) {
    if (key.charCodeAt(index) > 0x7e) {
      ascii = false;
      break;
    }
  }
  if (ascii) return key;
  let out = '';
  for (const char of key.normalize('NFD')) {
    const code = char.codePointAt(0)!;
    if (code <= 0x7e) out += char;
    else if (code >= 0x300 && code <= 0x36f) continue; // combining diacritical marks
    else if (TRANSLITERATIONS[char] !== undefined) out += TRANSLITERATIONS[char];
    else if (/\p{L}|\p{N}/u.test(char)) out += ` u${code.toString(16)} `;
    else out += ' ';
  }
  return out;
}

/** The words of a key (see the module comment), in their original case. */
export function splitWords(key: string): string[] {
  const text = asciiFold(key);
  const words: string[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 0;
    if (!isAsciiAlnum(code)) {
      if (start !== -1) words.push(text.slice(start, index));
      start = -1;
      continue;
    }
    if (start === -1) {
      start = index;
      continue;
    }
    const previous = text.charCodeAt(index - 1);
    const isUpperHere = code >= 65 && code <= 90;
    const previousLowerOrDigit = (previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57);
    const previousUpper = previous >= 65 && previous <= 90;
    const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
    const nextLower = next >= 97 && next <= 122;
    if (isUpperHere && (previousLowerOrDigit || (previousUpper && nextLower))) {
      words.push(text.slice(start, index));
      start = index;
    }
  }
  return words;
}

/** Converts a key to `style`; `unchanged` returns it as it is. */
export function convertKey(key: string, style: KeyStyle): string {
  if (style === 'unchanged') return key;
  const words = splitWords(key);
  let out: string;
  if (style === 'snake_case') {
    out = words.map((word) => word.toLowerCase()).join('_');
  } else {
    out = '';
    for (const word of words) {
      const lowerWord = word.toLowerCase();
      // Capitalise a word only after a lower-case letter or digit: two capitals in a row would read back
      // as an acronym (aBC → a, BC → aBc), and the style would not be idempotent.
      const previous = out.charCodeAt(out.length - 1);
      const afterCapital = previous >= 65 && previous <= 90;
      out += out === '' || afterCapital ? lowerWord : lowerWord.charAt(0).toUpperCase() + lowerWord.slice(1);
    }
  }
  const leadingUnderscore = key.startsWith('_');
  if (leadingUnderscore || out === '' || (out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57)) out = `_${out}`;
  if (out.length > MAX_KEY_LENGTH) {
    out = out.slice(0, MAX_KEY_LENGTH);
    // A cut that ends on `_` would not survive a second conversion.
    while (out.length > 1 && out.endsWith('_')) out = out.slice(0, -1);
  }
  return out;
}

/**
 * The key `base` made distinct by a number, in the style's own spelling (`user_id_2`, `userId2`, and
 * `_2` for `_`): the result is itself converted, so that a second conversion leaves it unchanged.
 */
export function suffixedKey(base: string, counter: number, style: KeyStyle): string {
  const suffix = `_${counter}`;
  const room = MAX_KEY_LENGTH - suffix.length;
  return convertKey((base.length > room ? base.slice(0, room) : base) + suffix, style);
}

/** Words that mark a key as a timestamp when it is the last word, or the whole key. */
const TIMESTAMP_LAST_WORDS = new Set(['at', 'time', 'ts', 'timestamp', 'date', 'datetime']);

/**
 * Whether a key names a timestamp: `timestamp`, `@timestamp`, `time`, `ts`, `date`, `datetime`, or a
 * key whose last word is one of them (`created_at`, `updatedAt`, `event_time`, `start_ts`, `birth_date`).
 */
export function looksLikeTimestampKey(key: string): boolean {
  const words = splitWords(key);
  const last = words[words.length - 1];
  return last !== undefined && TIMESTAMP_LAST_WORDS.has(last.toLowerCase());
}
