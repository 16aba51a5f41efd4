/**
 * Document-name validation for server code (route handlers, server components): this entry
 * has no 'use client' boundary, so it can be called during server rendering.
 */
export { isValidDocName, MAX_DOC_NAME_LENGTH, validateDocName } from '@tandem/protocol';
