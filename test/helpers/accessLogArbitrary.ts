import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { recordDataArbitrary } from '../../testing/index.js';

/** Access-log lines as servers write them (valid), mixed with broken ones. */
export const accessLine: fc.Arbitrary<Uint8Array> = fc
  .record({
    client: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
    user: fc.oneof(fc.constant('-'), fc.stringMatching(/^[a-z][a-z0-9._@-]{0,15}$/)),
    seconds: fc.integer({ min: 946_684_800, max: 2_000_000_000 }),
    method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'),
    path: fc.webPath(),
    status: fc.integer({ min: 100, max: 599 }),
    bytes: fc.oneof(fc.constant('-'), fc.nat().map(String)),
    agent: fc.string({ maxLength: 60 }).map((text) => text.replace(/["\\]/g, (c) => `\\${c}`)),
    tail: fc.constantFrom('', ' "-"', ' 1532'),
  })
  .map((l) => {
    const d = new Date(l.seconds * 1000);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const time = `${String(d.getUTCDate()).padStart(2, '0')}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
    return Buffer.from(`${l.client} - ${l.user} [${time}] "${l.method} ${l.path || '/'} HTTP/1.1" ${l.status} ${l.bytes} "-" "${l.agent}"${l.tail}`);
  });
export const accessData = fc.oneof({ arbitrary: accessLine, weight: 4 }, { arbitrary: recordDataArbitrary('text'), weight: 1 }, { arbitrary: recordDataArbitrary('invalid-utf8'), weight: 1 });
