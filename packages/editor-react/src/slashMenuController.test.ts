import { describe, expect, it } from 'vitest';
import { filterSlashCommands, type SlashCommand } from './slashCommands.js';
import { SlashMenuController } from './slashMenuController.js';

function openMenu(query: string) {
  const controller = new SlashMenuController();
  const chosen: SlashCommand[] = [];
  const show = (q: string) =>
    controller.show({ query: q, items: filterSlashCommands(q), from: 5, choose: (command) => chosen.push(command) });
  show(query);
  return { controller, chosen, show };
}

describe('SlashMenuController', () => {
  it('moves the active option with the arrows (wrapping) and Home/End, and Enter chooses it', () => {
    const { controller, chosen } = openMenu('list');
    const active = () => {
      const state = controller.getSnapshot();
      return state.open ? state.items[state.active]?.id : null;
    };
    expect(active()).toBe('bullet-list');
    expect(controller.keyDown('ArrowDown')).toBe(true);
    expect(active()).toBe('ordered-list');
    controller.keyDown('ArrowUp');
    controller.keyDown('ArrowUp');
    expect(active()).toBe('task-list');
    controller.keyDown('Home');
    expect(active()).toBe('bullet-list');
    controller.keyDown('End');
    expect(active()).toBe('task-list');
    expect(controller.keyDown('Enter')).toBe(true);
    expect(chosen.map((command) => command.id)).toEqual(['task-list']);
  });

  it('starts from the first match again when the query changes, and keeps the choice when only the items refresh', () => {
    const { controller, show } = openMenu('');
    controller.keyDown('ArrowDown');
    show('');
    expect(controller.getSnapshot()).toMatchObject({ active: 1 });
    show('h');
    expect(controller.getSnapshot()).toMatchObject({ active: 0, query: 'h' });
  });

  it('lets other keys and Enter without a match through to the editor, and Escape closes', () => {
    const { controller, chosen, show } = openMenu('zz');
    expect(controller.keyDown('Enter')).toBe(false);
    expect(controller.keyDown('a')).toBe(false);
    expect(chosen).toEqual([]);
    show('h');
    expect(controller.keyDown('Escape')).toBe(true);
    expect(controller.getSnapshot().open).toBe(false);
    expect(controller.keyDown('ArrowDown')).toBe(false);
  });

  it('tells subscribers about every change', () => {
    const { controller } = openMenu('');
    let calls = 0;
    const unsubscribe = controller.subscribe(() => calls++);
    controller.keyDown('ArrowDown');
    controller.activate(3);
    controller.hide();
    unsubscribe();
    controller.hide();
    expect(calls).toBe(3);
  });
});
