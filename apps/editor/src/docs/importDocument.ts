import { fetchToken } from '@/auth/tokenClient';
import { type ImportFormat, importFormatOf, titleOfFile } from './importFile';

/** A file that could not become a document; the message says why, for the person who picked it. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

export interface ImportOptions {
  /** The sync server's HTTP API (`http(s)://host:port`). */
  httpUrl: string;
  /** Auth on: the API call carries a token from the signed-in account. */
  auth: boolean;
}

/** An HTML file's content and title: its body and `<title>` (the file name when it has none). */
function readHtml(text: string, fileName: string): { content: string; title: string } {
  const page = new DOMParser().parseFromString(text, 'text/html');
  return { content: page.body.innerHTML, title: page.title.trim() || titleOfFile(fileName) };
}

/**
 * Makes a new document of a `.md`, `.html` or `.txt` file through the sync server's documents API
 * (`POST /api/docs`: the server converts it with the shared conversions and stores it), and
 * returns its id. The app's `/api/documents` picks the id in the workspace first and records the
 * signed-in person as its creator; with auth on, the token for the upload comes from their account.
 */
export async function importDocument(file: File, options: ImportOptions): Promise<string> {
  const format: ImportFormat | null = importFormatOf(file.name);
  if (format === null) throw new ImportError(`“${file.name}” is not a Markdown, HTML or text file (.md, .html, .txt).`);
  const text = await file.text();
  const { content, title } = format === 'html' ? readHtml(text, file.name) : { content: text, title: titleOfFile(file.name) };

  const created = await fetch('/api/documents', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(title === '' ? {} : { title }),
    cache: 'no-store',
  });
  const answer = (await created.json().catch(() => ({}))) as { docId?: string; error?: string };
  if (!created.ok || answer.docId === undefined) {
    throw new ImportError(answer.error ?? `The app could not make a new document (it answered ${created.status}).`);
  }
  const docId = answer.docId;
  const token = options.auth ? (await fetchToken({ docId })).token : null;

  let response: Response;
  try {
    response = await fetch(`${options.httpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ name: docId, format, content, ...(title === '' ? {} : { title }) }),
      cache: 'no-store',
    });
  } catch {
    throw new ImportError('The sync server cannot be reached; try again once it is back.');
  }
  if (response.status !== 201) {
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ImportError(`The server did not take “${file.name}”: ${answer.error ?? `it answered ${response.status}`}.`);
  }
  return docId;
}
