import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe.js';
import { chromiumPath } from './helpers/chromium.js';
import { EditorPage } from './helpers/editorPage.js';
import { separateUndoSteps } from './helpers/richText.js';
import { useBrowserStack } from './helpers/stack.js';
import { ADA, GRACE } from './helpers/twoEditors.js';

const executablePath = chromiumPath();
const CAROL = { name: 'Carol Shaw', color: '#2563eb' };

describe.skipIf(executablePath === null)('mentions: @ offers the people here and those who were (Chromium)', () => {
  const stack = useBrowserStack(executablePath ?? '', import.meta.url);

  it('mentions someone present and someone who left, as chips the other person sees; undo takes back only your own mention', async () => {
    const docId = stack.newDocId();
    // Carol edits the document first, then leaves.
    const carol = await stack.openUser(CAROL);
    const c = new EditorPage(carol.page, stack.app.url);
    await c.openDoc(docId);
    await c.waitUntilSynced();
    await c.focusEnd();
    await c.page.keyboard.type('Carol drafted this.');
    await c.waitUntilSaved();
    await carol.closePage();

    const ada = await stack.openUser(ADA);
    const grace = await stack.openUser(GRACE);
    const a = new EditorPage(ada.page, stack.app.url);
    const g = new EditorPage(grace.page, stack.app.url);
    await Promise.all([a.openDoc(docId), g.openDoc(docId)]);
    await Promise.all([a.waitUntilSynced(), g.waitUntilSynced()]);
    await a.presencePerson(GRACE.name).waitFor();

    await a.focusEnd();
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.type('Ask @');
    const menu = a.page.getByTestId('mention-menu');
    await menu.waitFor();
    const options = menu.getByTestId('mention-option');
    // Those here first, then those who were, yourself last.
    expect(
      await options.evaluateAll((items) => items.map((item) => [item.getAttribute('data-name'), item.hasAttribute('data-present')])),
    ).toEqual([
      [GRACE.name, true],
      [CAROL.name, false],
      [ADA.name, true],
    ]);
    expect(await menu.getByRole('listbox').getAttribute('aria-label')).toBe('Mention a person');
    expect(await seriousAxeViolations(a.page)).toEqual([]);

    await a.page.keyboard.type('gr');
    await expect.poll(() => options.count()).toBe(1);
    await a.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    await a.page.keyboard.type('and ');
    await separateUndoSteps(a.page);
    await a.page.keyboard.type('@car');
    await expect.poll(() => options.count()).toBe(1);
    await a.page.keyboard.press('ArrowDown'); // wraps back onto the only option
    await a.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });

    const chip = (name: string) => g.content.locator(`span[data-type="mention"][data-label="${name}"]`);
    await chip(CAROL.name).waitFor();
    expect(await chip(GRACE.name).textContent()).toBe(`@${GRACE.name}`);
    expect(await chip(GRACE.name).getAttribute('data-color')).toMatch(/^#[0-9a-f]{6}$/i);
    expect(await chip(CAROL.name).getAttribute('data-color')).toBe(CAROL.color);
    expect(await chip(CAROL.name).getAttribute('data-id')).toBeTruthy();
    await g.waitForText(`Ask @${GRACE.name} and @${CAROL.name}`);

    // Grace writes too; Ada's undo takes back her last mention and nothing of Grace's.
    await g.focusEnd();
    await g.page.keyboard.press('Enter');
    await g.page.keyboard.type('Grace replies.');
    await a.waitForText('Grace replies.');
    await a.page.keyboard.press('Control+z');
    await chip(CAROL.name).waitFor({ state: 'detached' });
    expect(await chip(GRACE.name).count()).toBe(1);
    expect(await g.text()).toContain('Grace replies.');

    // Escape closes the menu and keeps what was typed.
    await a.page.keyboard.type('@zz');
    await a.page.getByTestId('mention-empty').waitFor();
    await a.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await a.waitForText('@zz');
  });
});
