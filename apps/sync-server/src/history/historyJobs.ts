import { type DocumentCodec, DocumentView, schemaHtml, withChangeMarks } from '@tandem/document';
import * as Y from 'yjs';
import { docVersion } from '../api/docVersion.js';
import type { CompareResult, ReadFormat, VersionResult } from '../conversions/conversionMessages.js';
import { compareVersions } from './compareVersions.js';
import { type PackedBatches, unpackBatches } from './packedBatches.js';
import { docOfBatches } from './versionState.js';

const utf8 = new TextEncoder();

/**
 * On a conversion worker: the state the batches make, converted to `format` (the history routes'
 * version reads). The HTML is written by the schema, as strings, as the panel previews it.
 */
export function versionJob(codec: DocumentCodec, batches: PackedBatches, format: ReadFormat | 'yjs'): VersionResult {
  const doc = docOfBatches(unpackBatches(batches));
  const view = new DocumentView(doc, codec);
  try {
    const text =
      format === 'yjs'
        ? ''
        : format === 'json'
          ? JSON.stringify(view.json())
          : format === 'html'
            ? schemaHtml(codec.schema, view.node().content)
            : format === 'markdown'
              ? view.markdown()
              : view.text();
    return {
      update: Y.encodeStateAsUpdate(doc),
      title: view.title,
      blocks: view.blocks().map((block) => block.id),
      etag: docVersion(doc),
      body: utf8.encode(text),
    };
  } finally {
    view.destroy();
    doc.destroy();
  }
}

/** The change-marked schema of a worker's codec, made once. */
const changeSchemas = new WeakMap<DocumentCodec, ReturnType<typeof withChangeMarks>>();

/** On a conversion worker: `compareVersions` of the batches from `fromSeq`, its content as JSON or as HTML. */
export function compareJob(codec: DocumentCodec, batches: PackedBatches, fromSeq: number, format: 'json' | 'html'): CompareResult {
  const { content, changes, authors } = compareVersions(unpackBatches(batches), fromSeq);
  let text: string;
  if (format === 'json') text = JSON.stringify(content);
  else {
    let schema = changeSchemas.get(codec);
    if (schema === undefined) {
      schema = withChangeMarks(codec.schema);
      changeSchemas.set(codec, schema);
    }
    text = schemaHtml(schema, schema.nodeFromJSON(content).content);
  }
  return { changes, authors, body: utf8.encode(text) };
}
