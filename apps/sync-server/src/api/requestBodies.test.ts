import { describe, expect, it } from 'vitest';
import { createBody, parseBody, patchBody, replaceBody } from './requestBodies.js';

const url = (query = '') => new URL(`http://x/api/docs${query}`);

describe('parseBody', () => {
  it('JSON as it is, with the format defaulting to json', () => {
    expect(parseBody(replaceBody, { kind: 'json', value: { content: { type: 'doc' } } }, url())).toEqual({
      format: 'json',
      content: { type: 'doc' },
    });
  });

  it('a text body is its content in its format, other fields from the query', () => {
    expect(parseBody(createBody, { kind: 'text', format: 'markdown', text: '# Hi' }, url('?name=notes&title=Hi'))).toEqual({
      name: 'notes',
      title: 'Hi',
      format: 'markdown',
      content: '# Hi',
    });
    expect(parseBody(patchBody, { kind: 'text', format: 'html', text: '<p>x</p>' }, url('?block=3')).block).toBe(3);
    expect(parseBody(patchBody, { kind: 'text', format: 'html', text: '<p>x</p>' }, url('?block=12:4')).block).toBe('12:4');
  });

  it('a 400 that names the field and says what is wrong', () => {
    const fails = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toMatchObject({ status: 400 });
        return (error as Error).message;
      }
      throw new Error('expected a 400');
    };
    expect(fails(() => parseBody(replaceBody, { kind: 'none' }, url()))).toMatch(/"content": content is required/);
    expect(fails(() => parseBody(createBody, { kind: 'json', value: { name: '../x' } }, url()))).toMatch(/"name": invalid document name/);
    expect(fails(() => parseBody(replaceBody, { kind: 'json', value: { content: 'x', format: 'pdf' } }, url()))).toMatch(/"format"/);
    expect(fails(() => parseBody(replaceBody, { kind: 'json', value: { content: 'x', extra: 1 } }, url()))).toMatch(/extra/);
    expect(fails(() => parseBody(patchBody, { kind: 'json', value: { content: 'x' } }, url()))).toMatch(
      /"block": must be a block position/,
    );
    expect(fails(() => parseBody(replaceBody, { kind: 'json', value: [1] }, url()))).toMatch(/invalid request body: body/);
  });
});
