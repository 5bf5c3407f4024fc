/**
 * docs/AUTHORING.md: every `<!-- file: … -->` block is exactly that file (so the guide cannot drift from
 * code that tsc checks), and each example does what the guide says when run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTicketsHandler } from '../../docs/examples/ticketsHandler.check.js';
import { ticketsStack } from '../../docs/examples/deployTickets.js';
import { maskTicketIds } from '../../docs/examples/maskTicketIds.js';
import { replayTickets } from '../../docs/examples/replayTickets.js';
import { filesUnder } from '../helpers/cli.js';
import { repoPath } from '../helpers/fixtures.js';

describe('docs/AUTHORING.md', () => {
  let dir = '';
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('shows each example file exactly as it is', async () => {
    const guide = await readFile(repoPath('docs/AUTHORING.md'), 'utf8');
    const blocks = [...guide.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)];
    expect(blocks.map((b) => b[1])).toEqual(['docs/examples/maskTicketIds.ts', 'docs/examples/ticketsHandler.ts', 'docs/examples/ticketsHandler.check.ts', 'docs/examples/replayTickets.ts', 'docs/examples/deployTickets.ts']);
    for (const [, file, body] of blocks) expect(body, file).toBe((await readFile(repoPath(file!), 'utf8')).trimEnd());
  });

  it('runs the transform, the kit checks, the replay and the deployment of the guide', async () => {
    // The transform checks its option once, and masks without touching its input.
    expect(() => maskTicketIds({ keep: 99 })).toThrow("maskTicketIds: option 'keep' must be a whole number from 0 to 16, got 99. Example: maskTicketIds({ keep: 4 }).");
    const input = { ticket: 'ABCDEFGH' };
    expect(maskTicketIds({ keep: 2 })(input, { recordId: 'r', approximateArrivalTimestamp: 0 } as never)).toEqual({ ticket: '******GH' });
    expect(input).toEqual({ ticket: 'ABCDEFGH' });
    // The kit's checks pass.
    expect(await checkTicketsHandler()).toBe('{"ticket":"***********1234"}\n');
    // The replay writes what S3 would get.
    dir = await mkdtemp(join(tmpdir(), 'fhk-authoring-'));
    const file = join(dir, 'tickets.jsonl');
    await writeFile(file, '{"ticket":"T-000123456"}\nnot json\n');
    const summary = await replayTickets(file, join(dir, 'out'));
    expect(summary).toMatchObject({ recordsIn: 2, ok: 1, processingFailed: { 'Lambda.ProcessingFailedStatus': 1 } });
    expect((await filesUnder(join(dir, 'out'))).some((f) => f.startsWith('processing-failed/'))).toBe(true);
    // The stack has the Lambda and its stream.
    expect(Object.keys(ticketsStack()['Resources'] as object)).toEqual(expect.arrayContaining(['TransformFunction', 'DeliveryStream', 'Bucket']));
  }, 60_000);
});
