import type { SlashCommand } from './slashCommands.js';
import { SuggestionMenuController, type SuggestionMenuState } from './suggestionMenuController.js';

/** What the slash menu shows: closed, or the matching commands with one of them active. */
export type SlashMenuState = SuggestionMenuState<SlashCommand>;

/** The slash menu's state: the block commands matching the `/query`. One per editor. */
export class SlashMenuController extends SuggestionMenuController<SlashCommand> {}
