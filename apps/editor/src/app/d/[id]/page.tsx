import { isValidDocName } from '@tandem/editor-react/doc-name';
import { notFound } from 'next/navigation';
import { DocumentView } from '@/document/DocumentView';

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const docId = decoded(id);
  if (docId === null || !isValidDocName(docId)) notFound();
  return <DocumentView docId={docId} />;
}
