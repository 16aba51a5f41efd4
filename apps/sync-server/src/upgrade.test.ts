import { describe, expect, it } from 'vitest';
import { parseUpgradeTarget, runGuards, UpgradeRejection } from './upgrade.js';

describe('parseUpgradeTarget', () => {
  it('takes the URL-decoded path as the doc name and keeps the query', () => {
    const target = parseUpgradeTarget('/team%3Aa%2Fnotes?ack=1&x=y');
    expect(target.docName).toBe('team:a/notes');
    expect(target.params.get('ack')).toBe('1');
    expect(parseUpgradeTarget('/plain/path').docName).toBe('plain/path');
  });

  it.each(['/', '/a%2F..%2Fb', '/%E0%A4%A', '/x%00y', '/a//b', undefined])('rejects %j with 400', (url) => {
    let thrown: unknown;
    try {
      parseUpgradeTarget(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UpgradeRejection);
    expect((thrown as UpgradeRejection).status).toBe(400);
  });
});

describe('runGuards', () => {
  const request = { ...parseUpgradeTarget('/doc'), req: {} as never };

  it('accepts when every guard accepts; read-only from any guard sticks', async () => {
    expect(await runGuards([], request)).toEqual({ accept: true, readOnly: false });
    expect(
      await runGuards([() => ({ accept: true, readOnly: true }), async () => ({ accept: true })], request),
    ).toEqual({ accept: true, readOnly: true });
  });

  it('the first refusal wins and later guards do not run', async () => {
    let ran = false;
    const decision = await runGuards(
      [
        () => ({ accept: false, status: 401, message: 'no token' }),
        () => {
          ran = true;
          return { accept: true };
        },
      ],
      request,
    );
    expect(decision).toEqual({ accept: false, status: 401, message: 'no token' });
    expect(ran).toBe(false);
  });
});
