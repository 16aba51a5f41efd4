import { isSafeImageSrc, isSafeLinkHref } from '@tandem/schema';

/** Elements no document of the schema has that could run, load or restyle something: dropped with what is in them. */
const droppedElements =
  'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, template, noscript, svg, math';
/** The attributes the schema's HTML has (and `data-*`); anything else, an `on…` handler above all, is dropped. */
const keptAttributes = new Set([
  'class',
  'style',
  'href',
  'src',
  'alt',
  'title',
  'target',
  'rel',
  'colspan',
  'rowspan',
  'colwidth',
  'start',
  'type',
  'checked',
  'width',
  'height',
]);

/**
 * The HTML of a version (written on the server by the document's schema) as a fragment to show
 * read-only: parsed in a `<template>`, whose content is inert (nothing in it runs or loads), then
 * cleaned before it goes into the page: only the schema's elements and attributes are kept, links
 * and images only to addresses the editor allows, and inputs (a task's checkbox) disabled. The
 * server already escapes and validates; this keeps the page safe whatever the answer holds.
 */
export function safePreviewFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const fragment = template.content;
  for (const element of fragment.querySelectorAll(droppedElements)) element.remove();
  for (const element of fragment.querySelectorAll('*')) {
    if (element instanceof HTMLInputElement) element.disabled = true;
    // Most elements of a document (paragraphs, bold text) have none.
    if (!element.hasAttributes()) continue;
    for (const { name, value } of [...element.attributes]) {
      const kept =
        name.startsWith('data-') ||
        (keptAttributes.has(name) &&
          (name !== 'href' || isSafeLinkHref(value)) &&
          (name !== 'src' || isSafeImageSrc(value)) &&
          (name !== 'style' || !/url\s*\(|expression\s*\(/i.test(value)));
      if (!kept) element.removeAttribute(name);
    }
  }
  return fragment;
}
