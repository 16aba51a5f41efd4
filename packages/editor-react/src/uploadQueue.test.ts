import { describe, expect, it } from 'vitest';
import { ImageUploadError } from './imageUpload.js';
import { UploadQueue } from './uploadQueue.js';

/** An upload the test finishes by hand, with the progress callback it was given. */
type Pending = {
  file: File;
  progress: (loaded: number, total: number) => void;
  resolve: (src: string) => void;
  reject: (error: unknown) => void;
};

function queue() {
  const pending: Pending[] = [];
  const inserted: [string, string][] = [];
  const uploads = new UploadQueue<string>({
    upload: (file, progress) => new Promise((resolve, reject) => pending.push({ file, progress, resolve, reject })),
    insert: (src, anchor) => inserted.push([src, anchor]),
  });
  let notified = 0;
  uploads.subscribe(() => notified++);
  return { uploads, pending, inserted, notifications: () => notified };
}

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name, { type: 'image/png' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  it('lists each file with its progress, inserts each at its anchor once stored, and forgets it', async () => {
    const { uploads, pending, inserted, notifications } = queue();
    uploads.add([file('a.png', 100), file('b.png', 50)], 'here');
    expect(uploads.getSnapshot().map(({ fileName, state, loaded, total }) => ({ fileName, state, loaded, total }))).toEqual([
      { fileName: 'a.png', state: 'uploading', loaded: 0, total: 100 },
      { fileName: 'b.png', state: 'uploading', loaded: 0, total: 50 },
    ]);
    pending[0]?.progress(40, 100);
    expect(uploads.getSnapshot()[0]?.loaded).toBe(40);
    pending[0]?.resolve('https://server/api/uploads/a.png');
    await settle();
    expect(inserted).toEqual([['https://server/api/uploads/a.png', 'here']]);
    expect(uploads.getSnapshot().map((item) => item.fileName)).toEqual(['b.png']);
    expect(notifications()).toBeGreaterThanOrEqual(4);
  });

  it('keeps a failure with its reason; a retryable one can be retried and then lands, a refusal can only be dismissed', async () => {
    const { uploads, pending, inserted } = queue();
    uploads.add([file('big.png'), file('flaky.png')], 'there');
    pending[0]?.reject(new ImageUploadError('The image is 12 MB; the largest accepted is 10 MB.', false));
    pending[1]?.reject(new ImageUploadError("The image could not be sent: the server can't be reached.", true));
    await settle();
    const [big, flaky] = uploads.getSnapshot();
    expect(big).toMatchObject({ state: 'failed', error: 'The image is 12 MB; the largest accepted is 10 MB.', retryable: false });
    expect(flaky).toMatchObject({ state: 'failed', retryable: true });

    uploads.retry(flaky?.id as number);
    expect(uploads.getSnapshot()[1]).toMatchObject({ state: 'uploading', error: null });
    expect(pending[2]?.file.name).toBe('flaky.png');
    pending[2]?.resolve('https://server/api/uploads/flaky.png');
    await settle();
    expect(inserted).toEqual([['https://server/api/uploads/flaky.png', 'there']]);

    uploads.dismiss(big?.id as number);
    expect(uploads.getSnapshot()).toEqual([]);
  });

  it('an error that is not an upload error still shows, as retryable; a refused file is listed without being sent; a dismissed upload inserts nothing', async () => {
    const { uploads, pending, inserted } = queue();
    uploads.add([file('x.png')], 'a');
    pending[0]?.reject(new TypeError('boom'));
    await settle();
    expect(uploads.getSnapshot()[0]).toMatchObject({ state: 'failed', error: 'The image could not be uploaded.', retryable: true });
    uploads.refuse(new File(['%PDF'], 'report.pdf', { type: 'application/pdf' }), '“report.pdf” is not an image');
    expect(uploads.getSnapshot()[1]).toMatchObject({ fileName: 'report.pdf', state: 'failed', retryable: false });
    expect(pending).toHaveLength(1);

    uploads.add([file('late.png')], 'b');
    const late = uploads.getSnapshot()[2];
    uploads.dismiss(late?.id as number);
    pending[1]?.resolve('https://server/api/uploads/late.png');
    await settle();
    expect(inserted).toEqual([]);
  });
});
