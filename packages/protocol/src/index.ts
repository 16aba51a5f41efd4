export { CloseCode, type CloseCodeName, type CloseCodeValue } from './closeCode.js';
export { type DecodedMessage, type DecodedMessageKind, type DecodeOptions, decodeMessage } from './decodeMessage.js';
export { isValidDocName, MAX_DOC_NAME_LENGTH, validateDocName } from './docName.js';
export { DocSchema } from './docSchema.js';
export {
  AuthMessageType,
  encodeAck,
  encodeAuthPermissionDenied,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  encodeTokenRenewal,
  MessageType,
  SyncMessageType,
} from './messages.js';
export { ProtocolError, type ProtocolErrorKind } from './protocolError.js';
