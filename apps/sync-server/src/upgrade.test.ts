import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { parseUpgradeTarget, runGuards, UpgradeRejection } from './upgrade.js';

describe('parseUpgradeTarget', () => {
  it('takes the URL-decoded path as the doc name and keeps the query', () => {
    const target = parseUpgradeTarget('/team%3Aa%2Fnotes?ack=1&x=y');
    expect(target.docName).toBe('team:a/notes');
    expect(target.params.get('ack')).toBe('1');
    expect(parseUpgradeTarget('/plain/path').docName).toBe('plain/path');
    expect(parseUpgradeTarget('/v1.2/notes..old?token=a%20b#frag').docName).toBe('v1.2/notes..old');
    expect(parseUpgradeTarget('/doc?token=a%20b&ack=1').params.get('token')).toBe('a b');
    expect(parseUpgradeTarget('/doc').params.size).toBe(0);
  });

  it.each([
    '/',
    '/a%2F..%2Fb',
    '/%E0%A4%A',
    '/x%00y',
    '/a//b',
    undefined,
    // Dot segments in the raw path: a URL parser would resolve them to "b" before the check.
    '/a/../b',
    '/a/./b',
    '/a/%2e%2e/b',
    '/a/%2E/b?ack=1',
    '/../b',
    'b',
    'http://host/b',
  ])('rejects %j with 400', (url) => {
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
    expect(await runGuards([], request)).toMatchObject({ accept: true, readOnly: false });
    expect(await runGuards([() => ({ accept: true, readOnly: true }), async () => ({ accept: true })], request)).toMatchObject({
      accept: true,
      readOnly: true,
    });
  });

  it('combines hooks: every admitFrame must admit, every onClose runs once', async () => {
    const closed: string[] = [];
    const decision = await runGuards(
      [
        () => ({ accept: true, hooks: { admitFrame: (n) => (n > 10 ? CloseCode.RateLimited : null), onClose: () => closed.push('a') } }),
        () => ({ accept: true, hooks: { admitFrame: (n) => (n === 5 ? CloseCode.Forbidden : null), onClose: () => closed.push('b') } }),
      ],
      request,
    );
    if (!decision.accept) throw new Error('expected accept');
    expect(decision.hooks?.admitFrame?.(3)).toBeNull();
    expect(decision.hooks?.admitFrame?.(11)).toBe(CloseCode.RateLimited);
    expect(decision.hooks?.admitFrame?.(5)).toBe(CloseCode.Forbidden);
    decision.hooks?.onClose?.();
    decision.hooks?.onClose?.();
    expect(closed).toEqual(['a', 'b']);
  });

  it('combines slow-downs: the longest pause wins, a refusal beats them, `first` if any guard says so', async () => {
    const decision = await runGuards(
      [
        () => ({ accept: true, hooks: { admitFrame: (n) => (n > 1 ? { slowDownMs: n, first: false } : null) } }),
        () => ({ accept: true, hooks: { admitFrame: (n) => (n === 9 ? CloseCode.RateLimited : { slowDownMs: 5, first: true }) } }),
      ],
      request,
    );
    if (!decision.accept) throw new Error('expected accept');
    expect(decision.hooks?.admitFrame?.(1)).toEqual({ slowDownMs: 5, first: true });
    expect(decision.hooks?.admitFrame?.(8)).toEqual({ slowDownMs: 8, first: true });
    expect(decision.hooks?.admitFrame?.(9)).toBe(CloseCode.RateLimited);
  });

  it('a refusal (or a throwing guard) releases the guards that had accepted', async () => {
    const closed: string[] = [];
    const accepting = () => ({ accept: true as const, hooks: { onClose: () => closed.push('released') } });
    await runGuards([accepting, () => ({ accept: false, status: 429, message: 'busy' })], request);
    expect(closed).toEqual(['released']);
    await expect(
      runGuards(
        [
          accepting,
          () => {
            throw new Error('boom');
          },
        ],
        request,
      ),
    ).rejects.toThrow('boom');
    expect(closed).toEqual(['released', 'released']);
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
