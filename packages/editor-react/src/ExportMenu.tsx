import { useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { downloadFile, type ExportFormat, exportDocument } from './exportDocument.js';
import { Icon } from './icons.js';

const DownloadIcon = () => (
  <Icon size={16}>
    <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
  </Icon>
);

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'markdown', label: 'Markdown (.md)' },
  { format: 'html', label: 'HTML (.html)' },
  { format: 'text', label: 'Plain text (.txt)' },
];

/**
 * "Export": download the document as Markdown, HTML or plain text (converted in the browser with
 * the shared conversions), or print it (the print stylesheet prints just the text; the browser's
 * print dialog saves a PDF). A disclosure: Escape or a click elsewhere closes it.
 */
export function ExportMenu({ doc }: { doc: Y.Doc }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const save = (format: ExportFormat) => {
    try {
      downloadFile(exportDocument(doc, format, 'Untitled'));
      setOpen(false);
      setError(null);
    } catch (problem) {
      setError(`The document could not be exported: ${problem instanceof Error ? problem.message : String(problem)}`);
    }
  };

  return (
    <div className="tandem-export" ref={root}>
      <button
        ref={button}
        type="button"
        className="tandem-toolbar__button"
        data-testid="export-menu"
        aria-label="Export or print"
        title="Export or print"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        <DownloadIcon />
      </button>
      {open && (
        <div id={menuId} className="tandem-popover tandem-export__menu" data-testid="export-options">
          <span className="tandem-export__heading">Download as</span>
          {FORMATS.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              className="tandem-export__item"
              data-testid={`export-${format}`}
              onClick={() => save(format)}
            >
              {label}
            </button>
          ))}
          <button
            type="button"
            className="tandem-export__item"
            data-testid="export-print"
            onClick={() => {
              setOpen(false);
              window.print();
            }}
          >
            Print or save as PDF…
          </button>
          {error !== null && (
            <p className="tandem-export__error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
