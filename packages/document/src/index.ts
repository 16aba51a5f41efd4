export { appendContent, type BlockRef, replaceBlock, replaceContent, setTitle } from './contentEdits.js';
export { ContentError, type ContentErrorKind } from './contentError.js';
export { CONTENT_FORMATS, type ContentFormat, type JSONContent } from './contentFormat.js';
export { DocumentCodec } from './documentCodec.js';
export { DocumentView, type ViewBlock } from './documentView.js';
export { markdownChunks } from './markdownChunks.js';
export { blockId, blockToJSON, topLevelBlocks } from './yBlocks.js';
export { schemaHtml } from './schemaHtml.js';
export { withChangeMarks, type YChange } from './withChangeMarks.js';
