import { parentPort } from 'node:worker_threads';
import { DocumentCodec } from '@tandem/document';
import { errorData } from './conversionErrors.js';
import type { ConversionJob, WorkerReply } from './conversionMessages.js';
import { runConversionJob } from './conversionJobs.js';
import { WorkerReplicas } from './workerReplicas.js';

/**
 * A conversion worker (see `ConversionPool`): runs one job at a time on its replicas of the
 * documents and answers with bytes. Errors are answered with their name and message (a
 * ContentError with its kind); nothing of the worker's state is shared with the main thread.
 */
if (parentPort === null) throw new Error('conversionWorker.js runs as a worker thread of the sync server');
const port = parentPort;
const codec = new DocumentCodec();
const replicas = new WorkerReplicas(codec);

port.on('message', ({ id, job }: { id: number; job: ConversionJob }) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = runConversionJob(codec, replicas, job);
    reply = { id, ok: true, value: done.value };
    transfer = done.transfer;
  } catch (error) {
    reply = { id, ok: false, error: errorData(error) };
  }
  if (id >= 0) port.postMessage(reply, transfer);
});
// Loaded (the codec and the document package are the slow part): the pool starts timing jobs now.
port.postMessage({ ready: true });
