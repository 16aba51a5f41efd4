import { describe, expect, it } from 'vitest';
import { isValidDocName, MAX_DOC_NAME_LENGTH, validateDocName } from './docName.js';
import { ProtocolError } from './protocolError.js';

const valid = ['a', 'notes', 'Team-1_plan.v2~draft', 'org:acme/team@x/doc', '9lives', 'a.b/c..d/e', 'x'.repeat(200)];
const invalid: Array<[unknown, RegExp]> = [
  ['', /empty/],
  ['x'.repeat(MAX_DOC_NAME_LENGTH + 1), /at most 200/],
  ['has space', /may only contain/],
  ['tab\there', /may only contain/],
  ['nul\u0000', /may only contain/],
  ['new\nline', /may only contain/],
  ['del\u007f', /may only contain/],
  ['ünïcode', /may only contain/],
  ['percent%2e', /may only contain/],
  ['back\\slash', /may only contain/],
  ['query?x=1', /may only contain/],
  ['-dash-first', /start with a letter or digit/],
  ['.hidden', /start with a letter or digit/],
  ['/absolute', /start with a letter or digit/],
  ['dir/', /end with/],
  ['a//b', /"\/\/"/],
  ['a/../b', /"\.\." path segment/],
  ['a/./b', /path segment/],
  ['a/..', /path segment/],
  [42, /must be a string/],
  [null, /must be a string/],
];

describe('validateDocName', () => {
  it.each(valid)('accepts %j', (name) => {
    expect(validateDocName(name)).toBe(name);
    expect(isValidDocName(name)).toBe(true);
  });

  it.each(invalid)('rejects %j with a reason', (name, reason) => {
    expect(isValidDocName(name)).toBe(false);
    let thrown: unknown;
    try {
      validateDocName(name);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).kind).toBe('invalid-doc-name');
    expect((thrown as ProtocolError).message).toMatch(reason);
  });
});
