import { useSyncExternalStore } from 'react';
import type { UploadItem, UploadQueue } from './uploadQueue.js';

const percent = (item: UploadItem) => (item.total > 0 ? Math.min(100, Math.round((item.loaded / item.total) * 100)) : 0);

/**
 * The images being uploaded, each with its progress, and those that failed, each with the reason
 * (the server's own words for a refused file), Retry when trying again may help, and Dismiss.
 */
export function UploadStatus({ queue }: { queue: Pick<UploadQueue<unknown>, 'subscribe' | 'getSnapshot' | 'retry' | 'dismiss'> }) {
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot, queue.getSnapshot);
  if (items.length === 0) return null;
  return (
    <section className="tandem-uploads" aria-label="Image uploads" data-testid="upload-status">
      <ul className="tandem-uploads__list">
        {items.map((item) => (
          <li key={item.id} className="tandem-uploads__item" data-testid="upload-item" data-state={item.state}>
            <span className="tandem-uploads__name" title={item.fileName}>
              {item.fileName}
            </span>
            {item.state === 'uploading' ? (
              <>
                <progress
                  className="tandem-uploads__progress"
                  data-testid="upload-progress"
                  value={item.loaded}
                  max={item.total || 1}
                  aria-label={`Uploading ${item.fileName}`}
                />
                <span className="tandem-uploads__percent">{percent(item)}%</span>
              </>
            ) : (
              <>
                <p className="tandem-uploads__error" data-testid="upload-error" role="alert">
                  {item.error}
                </p>
                {item.retryable && (
                  <button type="button" className="tandem-popover__button" data-testid="upload-retry" onClick={() => queue.retry(item.id)}>
                    Retry
                  </button>
                )}
                <button
                  type="button"
                  className="tandem-popover__button"
                  data-testid="upload-dismiss"
                  aria-label={`Dismiss: ${item.fileName}`}
                  onClick={() => queue.dismiss(item.id)}
                >
                  Dismiss
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
