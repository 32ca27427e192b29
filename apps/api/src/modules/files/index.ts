/**
 * Files' front door (ADR 018): the upload and download routes, and what other modules need of an
 * upload: checking a form's file is the actor's own, showing attached files, deleting a person's files.
 */
export { fileRoutes } from './files.routes.js';
export { assertOwnUpload, deleteFilesOfOwner, fileSummaries } from './files.service.js';
export { fileStorage } from './storage.js';
