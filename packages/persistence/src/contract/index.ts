export type { ContractFixture, CreateContractFixture } from './contractFixture.js';
export { contentOf, createRecordingDoc, docFromUpdate, type RecordingDoc } from './recordingDoc.js';
export { runDocumentStoreContract } from './runDocumentStoreContract.js';
